import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';
import { tokenStorage } from '../api/http';
import { ApiError, type User } from '../api/types';

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(tokenStorage.get());
  const user = ref<User | null>(null);
  const loggingIn = ref(false);

  const isAuthenticated = computed(() => token.value !== null);
  /** The roles that serve customers see personal data: the Customers page and profiles (the API refuses the others anyway). */
  const servesCustomers = computed(() => user.value?.role === 'admin' || user.value?.role === 'service');

  async function login(username: string, password: string): Promise<void> {
    loggingIn.value = true;
    try {
      const session = await api.login(username, password);
      tokenStorage.set(session.token);
      token.value = session.token;
      user.value = session.user;
    } finally {
      loggingIn.value = false;
    }
  }

  /**
   * After a reload only the token survives; ask who it belongs to. A 401 ends the session
   * (the HTTP layer has already been told); any other failure keeps it, since the API may
   * just be restarting and the views will show their own errors.
   */
  async function restore(): Promise<void> {
    if (!token.value || user.value) return;
    try {
      user.value = await api.me();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) clear();
    }
  }

  /**
   * Revokes the token on the API (on every node), then forgets it here. The local session ends
   * even when the API cannot be reached: the user asked to leave, and the token expires anyway.
   */
  async function logout(): Promise<void> {
    if (token.value) await api.logout().catch(() => undefined);
    clear();
  }

  /**
   * The API revokes every earlier token of the user, this one included, and answers a new one:
   * kept here, this tab stays signed in while every other session ends.
   */
  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const session = await api.changePassword(currentPassword, newPassword);
    tokenStorage.set(session.token);
    token.value = session.token;
    user.value = session.user;
  }

  /** Forgets the session locally (an expired or revoked token); nothing to tell the API. */
  function clear(): void {
    tokenStorage.clear();
    token.value = null;
    user.value = null;
  }

  return { token, user, loggingIn, isAuthenticated, servesCustomers, login, logout, restore, clear, changePassword };
});
