import { onBeforeUnmount, onMounted, ref } from 'vue';

/** A clock that ticks while the component is mounted, so relative times ("2 min ago") stay true. */
export function useNow(everyMs = 15_000) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now()), everyMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
