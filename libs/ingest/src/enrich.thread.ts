import { parentPort } from 'node:worker_threads';
import { createAnalyzer, type Analyzer } from '@escucha/analysis';
import { analysePosts } from './post.enricher';
import type { FromThread, ToThread } from './thread.enricher';

/** An analysis thread: builds its analyser from the settings it is sent, then answers batches in order. */
const port = parentPort;
if (!port) throw new Error('enrich.thread runs as a worker thread of ThreadEnricher');
let analyzer: Analyzer | undefined;

port.on('message', (message: ToThread) => {
  if (message.kind === 'use') {
    // The main thread compiled these settings before handing them over: they compile here too.
    analyzer = createAnalyzer(message.options);
    return;
  }
  let reply: FromThread;
  try {
    if (!analyzer) throw new Error('no analyser settings were sent before the first batch');
    reply = { id: message.id, results: analysePosts(analyzer, message.inputs) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
