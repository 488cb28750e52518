import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { onUnauthorized } from './api/http';
import { i18n } from './i18n';
import { router } from './router';
import { useAuthStore } from './stores/auth';
import { useLiveStore } from './stores/live';
import './styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);

// Any 401 from the API or the live socket ends the session: forget it and go to the login
// page, coming back to where the user was once they sign in again.
onUnauthorized(() => {
  const auth = useAuthStore(pinia);
  const wasSignedIn = auth.isAuthenticated;
  auth.clear();
  useLiveStore(pinia).disconnect();
  const current = router.currentRoute.value;
  if (current.name === 'login') return;
  const query: Record<string, string> = { redirect: current.fullPath };
  if (wasSignedIn) query.expired = '1';
  void router.replace({ name: 'login', query });
});

app.mount('#app');
