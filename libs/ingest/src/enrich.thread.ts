import { parentPort } from 'node:worker_threads';
import { createAnalyzer, type Analyzer } from '@escucha/analysis';
import { analysePosts } from './post.enricher';
import type { FromThread, ToThread } from './thread.enricher';

/** An analysis thread: builds its analyser from the settings it is sent, then answers batches in order. */
const port = parentPort;
if (!port) throw new Error('enrich.thread runs as a worker thread of ThreadEnricher');
let analyzer: Analyzer | undefined;
/** Why the last settings did not build: the batches after them fail with it rather than use older ones. */
let unusable: string | undefined = 'no analyser settings were sent before the first batch';

port.on('message', (message: ToThread) => {
  if (message.kind === 'use') {
    // The main thread built an analyser from these same settings first, so this is not expected to throw.
    try {
      analyzer = createAnalyzer(message.options);
      unusable = undefined;
    } catch (error) {
      analyzer = undefined;
      unusable = `the analyser settings did not build here: ${error instanceof Error ? error.message : String(error)}`;
    }
    return;
  }
  let reply: FromThread;
  try {
    if (!analyzer) throw new Error(unusable);
    // As JSON text: the main thread, which answers requests, parses it three times faster than it
    // would receive the same results as cloned objects.
    reply = { id: message.id, results: JSON.stringify(analysePosts(analyzer, message.inputs)) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
