import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/endpoints';
import type { PostCorrection, WirePost } from '../api/types';

/**
 * Posts corrected in this session, by id. The live window keeps sending the post as it was
 * analysed, and a History page may be older than the correction: cards show the version
 * here instead, so a correction never flips back on the next update.
 */
export const useCorrectionsStore = defineStore('corrections', () => {
  const byId = ref<Record<string, WirePost>>({});

  async function correct(id: string, correction: PostCorrection): Promise<WirePost> {
    const post = await api.correctPost(id, correction);
    byId.value = { ...byId.value, [id]: post };
    return post;
  }

  return { byId, correct };
});
