import { useI18n } from 'vue-i18n';
import { ApiError } from '../api/types';

/** Turns an API or network failure into a sentence for the user, in the current language. */
export function useErrorText() {
  const { t } = useI18n();
  return (error: Error | null | undefined): string => {
    if (!error) return '';
    if (error instanceof ApiError && error.status === 0) return t('common.network');
    return t('common.failed', { message: error.message });
  };
}
