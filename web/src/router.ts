import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from './stores/auth';
import LiveView from './views/LiveView.vue';
import LoginView from './views/LoginView.vue';
import NotFoundView from './views/NotFoundView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', redirect: { name: 'live' } },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    { path: '/live', name: 'live', component: LiveView },
    // History carries the filter bar, comparison and drill-down: loaded when first visited.
    { path: '/history', name: 'history', component: () => import('./views/HistoryView.vue') },
    { path: '/taxonomy', name: 'taxonomy', component: () => import('./views/TaxonomyView.vue') },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { public: true } },
  ],
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  if (to.name === 'login') {
    return auth.isAuthenticated ? { name: 'live' } : true;
  }
  if (to.meta.public) return true;
  if (!auth.isAuthenticated) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  await auth.restore();
  if (!auth.isAuthenticated) return { name: 'login', query: { redirect: to.fullPath, expired: '1' } };
  return true;
});
