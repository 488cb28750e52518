import type { Sentiment } from '@escucha/core';
import type { EntityQuery } from './entities';
import { parseQuery, type QueryNode } from './taxonomy.query';

export const INTENTS = ['complaint', 'churn', 'outage', 'question', 'purchase'] as const;
export type Intent = (typeof INTENTS)[number];

/**
 * Intents are written in the topic query language and compiled into the same matcher as
 * the taxonomy, so they cost no extra pass over the post. Spanish and English phrasings
 * both apply to every post: an intent phrase in the other language is rare enough that
 * being robust to a misdetected language wins.
 */
const PHRASES: Readonly<Record<Intent, readonly string[]>> = {
  complaint: [
    `reclamo* OR queja* OR quejarme OR "me cobraron" OR vergüenza OR estafa* OR chorros OR ladrones OR "nadie atiende"
     OR "nadie responde" OR "nadie contesta" OR "no atienden" OR "no contestan" OR "no responden" OR "no me responden"
     OR "no me dan bola" OR "me tienen podrido" OR "me tienen podrida" OR "me tienen harto" OR "me tienen harta"
     OR "pésimo servicio" OR "pésima atención" OR "un desastre" OR denuncia OR "defensa del consumidor" OR "de más"`,
    `complain* OR "worst service" OR "terrible service" OR "horrible service" OR unacceptable OR "nobody answers"
     OR "no one answers" OR "on hold" OR "still waiting" OR scam OR ripoff OR "rip off" OR "ripped off" OR overcharg*
     OR "charged twice" OR "fed up" OR "sick of"`,
  ],
  churn: [
    `"dar de baja" OR "darme de baja" OR "doy de baja" OR "di de baja" OR "pedir la baja" OR "pedí la baja"
     OR "pido la baja" OR "quiero la baja" OR portabilidad OR portarme OR "portar mi número" OR "portar el número"
     OR "cambiar de compañía" OR "cambiarme de compañía" OR "me cambio de compañía" OR "cambiar de empresa"
     OR "cambiarme de empresa" OR "me paso a otra" OR "me voy a otra" OR "me cambio a otra" OR "cancelar el servicio"
     OR "cancelar mi línea" OR "cancelo el servicio" OR "rescindir el contrato" OR "no renuevo" OR "me voy a la competencia"`,
    `"cancel my service" OR "cancel my account" OR "cancel my contract" OR "cancel my plan" OR "cancelling my service"
     OR "canceling my service" OR "close my account" OR "port my number" OR "porting my number" OR "port out"
     OR "porting out" OR "switching carriers" OR "switch carriers" OR "switching providers" OR "switch providers"
     OR "new carrier" OR "new provider" OR "im leaving" OR "done with you" OR "last month with"`,
  ],
  outage: [
    `"sin servicio" OR "sin señal" OR "sin internet" OR "sin conexión" OR "sin línea" OR "sin datos" OR "se cayó" OR "se cae"
     OR "se cayeron" OR "se corta" OR "se cortó" OR "se me corta" OR "se me cortó" OR "no anda" OR "no andan"
     OR "no funciona" OR "no me anda" OR "no me funciona" OR "no tengo señal" OR "no hay señal" OR "no tengo servicio"
     OR "no hay servicio" OR "no tengo internet" OR "no hay internet" OR "no puedo llamar" OR "no puedo navegar"
     OR "no carga" OR caído OR caída OR "fuera de servicio" OR sinservicio OR sinseñal OR sininternet OR "hay un corte"
     OR "corte de servicio" OR "corte de internet"`,
    `outage* OR "service down" OR "network down" OR "is down" OR "are down" OR "down again" OR "no service"
     OR "no signal" OR "no internet" OR "no connection" OR "not working" OR "stopped working" OR "doesnt work"
     OR "dont work" OR "keeps dropping" OR "dropped calls" OR "cant connect" OR "cannot connect" OR "lost signal"
     OR "lost service"`,
  ],
  question: [
    `"alguien sabe" OR "alguien más" OR "saben si" OR "sabés si" OR "sabes si" OR "cómo hago" OR "qué pasa con"
     OR "me pueden ayudar" OR "me ayudan"`,
    `"does anyone" OR "anyone else" OR "how do i" OR "how can i" OR "can you help" OR "can someone"`,
  ],
  purchase: [
    `"quiero contratar" OR contratar OR "quiero comprar" OR "me interesa" OR "cómo contrato" OR "cuánto sale"
     OR "cuánto cuesta" OR "quiero el plan" OR "dónde compro" OR "dar de alta" OR "darme de alta" OR "alta de línea"`,
    `"want to buy" OR "looking to buy" OR "sign up" OR "signing up" OR "how much is" OR "how much does"
     OR "interested in" OR "want to get" OR "where can i buy" OR "upgrade to"`,
  ],
};

/** Moving to a named rival is churn whatever words carry it. */
const TOWARDS_RIVAL = `"me paso a" OR "me cambio a" OR "me voy a" OR "me voy con" OR "me pasé a" OR "me cambié a"
  OR "me fui a" OR "pasarme a" OR "cambiarme a" OR "irme a" OR "switching to" OR "switch to" OR "switched to"
  OR "moving to" OR "going to" OR "leaving for" OR "going with" OR "go with"`;

/** Leaving the brand, named. */
const AWAY_FROM_BRAND = `"me voy de" OR chau OR adiós OR "me cambio de" OR "me paso de" OR "dejo de usar" OR "leaving"
  OR "goodbye" OR "bye"`;

export interface IntentQuery {
  readonly intent: Intent;
  readonly root: QueryNode;
}

export function intentQueries(entities: readonly EntityQuery[]): IntentQuery[] {
  const out: IntentQuery[] = [];
  for (const intent of INTENTS) {
    for (const phrase of PHRASES[intent]) out.push({ intent, root: parseQuery(phrase) });
  }
  const rivals = entities.filter((e) => e.role === 'competitor').flatMap((e) => e.terms);
  if (rivals.length > 0) {
    out.push({ intent: 'churn', root: { op: 'and', items: [parseQuery(TOWARDS_RIVAL), { op: 'or', items: rivals }] } });
  }
  const brand = entities.filter((e) => e.role === 'brand').flatMap((e) => e.terms);
  if (brand.length > 0) {
    out.push({ intent: 'churn', root: { op: 'and', items: [parseQuery(AWAY_FROM_BRAND), { op: 'or', items: brand }] } });
  }
  return out;
}

export interface IntentContext {
  readonly matched: ReadonlySet<Intent>;
  readonly sentiment: Sentiment;
  readonly topics: readonly string[];
  readonly mentionsBrand: boolean;
  readonly questionMarks: number;
}

/**
 * Final intents in a fixed order. A negative post about a service topic or the brand is a
 * complaint even without complaint words ("3 días sin señal @AuroraMovil").
 */
export function resolveIntents(ctx: IntentContext): string[] {
  const out: string[] = [];
  const negative = ctx.sentiment.label === 'negative';
  const complaint =
    ctx.matched.has('complaint') ||
    ctx.matched.has('outage') ||
    (negative && (ctx.topics.length > 0 || ctx.mentionsBrand || ctx.matched.has('churn')));
  if (complaint) out.push('complaint');
  if (ctx.matched.has('churn')) out.push('churn');
  if (ctx.matched.has('outage')) out.push('outage');
  if (ctx.questionMarks > 0 || ctx.matched.has('question')) out.push('question');
  if (ctx.matched.has('purchase') && !ctx.matched.has('churn')) out.push('purchase');
  return out;
}
