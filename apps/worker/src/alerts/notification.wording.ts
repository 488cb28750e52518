import { NotificationWording, notificationLabels } from '@escucha/alerts';
import { vocabularyLabels, type Analyzer } from '@escucha/analysis';
import type { AppConfig } from '@escucha/config';

/** Wording for what goes out now: NOTIFY_LANGUAGE, local time, the topic labels of the taxonomy in force, links to PUBLIC_URL. */
export function notificationWording(config: AppConfig, analyzer: Analyzer): NotificationWording {
  const language = config.alerts.language;
  return new NotificationWording(language, notificationLabels(vocabularyLabels(analyzer), language), config.alerts.utcOffsetMinutes, config.http.publicUrl);
}
