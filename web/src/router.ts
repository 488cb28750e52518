import { createRouter, createWebHistory } from 'vue-router';
import type { Role } from './api/types';
import { useAuthStore } from './stores/auth';
import LoginView from './views/LoginView.vue';
import NotFoundView from './views/NotFoundView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** Only these roles may open the view (the API refuses the others anyway). */
    roles?: readonly Role[];
    /** Message key of the page's name, shown in the browser tab in the UI language. */
    title?: string;
  }
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', redirect: { name: 'live' } },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: 'login.title' } },
    // Every view that draws charts is loaded when first visited, so ECharts (the largest chunk by far)
    // stays out of the login page. The guard below runs before these load: an anonymous visit to /live
    // is sent to the login page without fetching the dashboard.
    { path: '/live', name: 'live', component: () => import('./views/LiveView.vue'), meta: { title: 'nav.live' } },
    { path: '/history', name: 'history', component: () => import('./views/HistoryView.vue'), meta: { title: 'nav.history' } },
    { path: '/taxonomy', name: 'taxonomy', component: () => import('./views/TaxonomyView.vue'), meta: { title: 'nav.taxonomy' } },
    { path: '/report', name: 'report', component: () => import('./views/ReportView.vue'), meta: { title: 'nav.report' } },
    { path: '/alerts', name: 'alerts', component: () => import('./views/AlertsView.vue'), meta: { title: 'nav.alerts' } },
    // Personal data: the roles that serve customers (the API refuses the others anyway).
    { path: '/customers', name: 'customers', component: () => import('./views/CustomersView.vue'), meta: { roles: ['admin', 'service'], title: 'nav.customers' } },
    { path: '/customers/:id', name: 'customer', component: () => import('./views/CustomerProfileView.vue'), meta: { roles: ['admin', 'service'], title: 'customers.profile' } },
    { path: '/sources', name: 'sources', component: () => import('./views/SourcesView.vue'), meta: { roles: ['admin'], title: 'nav.sources' } },
    { path: '/users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { roles: ['admin'], title: 'nav.users' } },
    { path: '/account', name: 'account', component: () => import('./views/AccountView.vue'), meta: { title: 'account.title' } },
    { path: '/api-keys', name: 'api-keys', component: () => import('./views/ApiKeysView.vue'), meta: { roles: ['admin'], title: 'nav.apiKeys' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { public: true, title: 'notFound.title' } },
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
  // A role that may not open the view lands on one every role may.
  if (to.meta.roles && !(auth.user && to.meta.roles.includes(auth.user.role))) return { name: 'live' };
  return true;
});
