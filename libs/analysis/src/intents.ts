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
    `reclamo* OR queja* OR quejarme OR "me cobraron" OR estafa* OR chorros OR ladrones OR "nadie atiende"
     OR "nadie responde" OR "nadie contesta" OR "no atienden" OR "no contestan" OR "no responden" OR "no me responden"
     OR "no me dan bola" OR "me tienen podrido" OR "me tienen podrida" OR "me tienen harto" OR "me tienen harta"
     OR "pésimo servicio" OR "pésima atención" OR denuncia OR "defensa del consumidor" OR "de más"`,
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
     OR "corte de servicio" OR "corte de internet" OR "falta de servicio" OR "falta de señal" OR "problemas de red"
     OR "problema de red" OR "problemas con la red"`,
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

/**
 * Cues that reality fell short of what a customer expected from a company, in any industry,
 * that are not the intent phrases above. `shortfall` is strong enough alone (waiting past a
 * promise, money taken wrongly, a thing that never came or broke, being ignored); `grievance`
 * is a weaker hint (a delay, a charge, a refund, a "why") that counts when the post is not
 * positive and is negative or aimed at a company; `address` says the post speaks to a company
 * ("your service", "you guys").
 */
const CUES: Readonly<Record<'shortfall' | 'grievance' | 'address', readonly string[]>> = {
  shortfall: [
    `"sigo esperando" OR "seguimos esperando" OR "sigue sin" OR "siguen sin" OR "todavía no" OR "todavia no" OR "aún no"
     OR "nunca llegó" OR "nunca llego" OR "no llegó" OR "no me llegó" OR "no ha llegado" OR "no me han" OR "no me devolvieron"
     OR "no me devuelven" OR "no me reintegraron" OR "me cobraron" OR "me cobran" OR "me debitaron" OR "me descontaron"
     OR "cobro indebido" OR "doble cobro" OR "cobraron dos veces" OR "cargo indebido" OR "se rompió" OR "vino roto"
     OR "vino rota" OR "llegó roto" OR "llegó rota" OR "llegó dañado" OR defectuos* OR "no sirve" OR "no me solucionan"
     OR "no me solucionaron" OR "nadie me" OR "no me atienden" OR "no me contestan" OR "me dejaron plantado"
     OR "me dejaron esperando" OR "me tienen esperando" OR "me cortaron" OR "me cancelaron" OR "me suspendieron"
     OR "falta de respeto" OR "tomada de pelo" OR "me estafaron" OR "quiero mi plata" OR "quiero mi dinero"
     OR "devuélvanme" OR "devuelvanme" OR "no me dejan" OR "no puedo entrar" OR "no me deja" OR "producto equivocado"
     OR "pedido equivocado" OR "me mandaron otro" OR "me cobró" OR "me cobro" OR "no me pagan" OR "no me pagaron"
     OR "no me avisaron" OR "nadie avisa" OR "nadie se hace cargo" OR "ni se disculparon" OR "me siguen cobrando"
     OR "siguen cobrando" OR "se cierra sola" OR "se cierra solo" OR "se tilda" OR "llegó frío" OR "llegó fría" OR "llegó tarde"
     OR "me dieron otra" OR "me dieron otro" OR "me dieron una" OR "me dieron un" OR ((horas OR días OR dias OR semanas OR meses) NEAR/3 (esperando OR espera OR "sin respuesta" OR reclamando))
     OR (esperando NEAR/3 (técnico OR tecnico OR pedido OR envío OR envio OR paquete OR reembolso OR devolución OR respuesta OR tarjeta))`,
    `"still waiting" OR "still havent" OR "still have not" OR "still no" OR "still not" OR "still dont" OR "yet to receive"
     OR "yet to get" OR "havent received" OR "never received" OR "never got" OR "never arrived" OR "never came"
     OR "never showed" OR "never delivered" OR "not delivered" OR "hasnt arrived" OR "didnt arrive" OR "did not arrive"
     OR "havent heard" OR "never heard back" OR "no one called" OR "nobody called" OR "never called" OR "no call back"
     OR "no callback" OR "no one got back" OR "nobody got back" OR "no reply" OR "no response" OR "no answer"
     OR "not responding" OR "not answering" OR ignoring OR ignored OR "hung up" OR "charged me" OR "double charged"
     OR "charged twice" OR "billed twice" OR "wrong charge" OR "hidden fee" OR "hidden fees" OR "took my money"
     OR "my money back" OR "stole my" OR "lost my" OR "damaged my" OR "broke my" OR "arrived broken" OR "arrived damaged"
     OR "came broken" OR defective OR "wrong item" OR "wrong order" OR "wrong size" OR "missing items" OR "item missing"
     OR "wont let me" OR "doesnt let me" OR "cant log" OR "cant access" OR "cant get through" OR "cant reach"
     OR "unable to" OR "waste of" OR "cancelled my" OR "canceled my" OR "waiting on my" OR "waiting for my"
     OR "waiting for a" OR "been waiting" OR "on hold" OR "where is my" OR "wheres my" OR "what happened to my"
     OR "how hard is it" OR "how is this acceptable" OR "not acceptable" OR "not happy" OR "not impressed"
     OR "do better" OR "get it together" OR "lost luggage" OR "lost bag" OR "lost baggage" OR "not ok" OR "not okay"
     OR "keep billing" OR "keep charging" OR "keeps charging" OR "keeps billing" OR "keep rescheduling" OR "keeps rescheduling"
     OR "keeps crashing" OR "keeps freezing" OR "keeps dropping" OR "logs me out" OR "nobody can tell" OR "no one can tell"
     OR "different story" OR "supposed to" OR "no one showed" OR "nobody showed" OR "didnt show" OR "never showed up"
     OR "came with" OR "arrived cold" OR "came cold" OR "was cold" OR "no calls" OR "no texts" OR "still charging"
     OR ((hours OR hrs OR days OR weeks OR months OR hour OR minutes OR mins) NEAR/3 (waiting OR waited OR hold OR late OR delayed OR delay OR later OR still OR without OR stuck OR wait))`,
  ],
  grievance: [
    `esperando OR espera OR demora* OR atras* OR cobr* OR cargo OR cargos OR reembols* OR devolución OR reclam* OR
     "por qué" OR "porque no" OR "se supone" OR "tenía que" OR faltaba OR falta OR perdí OR perdieron OR encima OR
     frío OR fría OR tarde OR "el doble" OR "cómo puede" OR "como puede" OR "hasta cuándo" OR "hasta cuando" OR "otra vez"
     OR "de nuevo" OR cancelaron OR cancelado OR cancelada OR suspend* OR roto OR rota OR falla OR fallas OR error OR nunca OR "ya van"`,
    `waiting OR waited OR wait OR delay OR delayed OR delays OR late OR cancelled OR canceled OR cancellation OR refund
     OR refunds OR charge OR charged OR charges OR fee OR fees OR broken OR broke OR error OR stuck OR lost OR missing
     OR why OR "how come" OR again OR never OR still OR problem OR issue OR issues OR "no one" OR nobody OR cant
     OR wont OR "didnt get" OR "didnt receive" OR rebook* OR stranded OR compensat* OR "customer service" OR doubled OR tripled OR cracked OR wrong OR nothing
     OR "since this morning" OR "since yesterday" OR "since last" OR keeps OR "keep getting"`,
  ],
  address: [
    `ustedes OR "su servicio" OR "su atención" OR "sus empleados" OR "su empresa" OR "su app" OR "su página"`,
    `"you guys" OR "your service" OR "your customer" OR "your staff" OR "your app" OR "your website" OR "your site"
     OR "your company" OR "your agent" OR "your agents" OR "your employee" OR "your employees" OR "your driver"
     OR "your system" OR "your team" OR "your store" OR "your phone"`,
  ],
};

export type Cue = keyof typeof CUES;

/** Moving to a named rival is churn whatever words carry it. */
const TOWARDS_RIVAL = `"me paso a" OR "me cambio a" OR "me voy a" OR "me voy con" OR "me pasé a" OR "me cambié a"
  OR "me fui a" OR "pasarme a" OR "cambiarme a" OR "irme a" OR "switching to" OR "switch to" OR "switched to"
  OR "moving to" OR "going to" OR "leaving for" OR "going with" OR "go with"`;

/** Leaving the brand, named. */
const AWAY_FROM_BRAND = `"me voy de" OR chau OR adiós OR "me cambio de" OR "me paso de" OR "dejo de usar" OR "leaving"
  OR "goodbye" OR "bye"`;

export interface IntentQuery {
  readonly intent: Intent | Cue;
  readonly root: QueryNode;
}

export function intentQueries(entities: readonly EntityQuery[]): IntentQuery[] {
  const out: IntentQuery[] = [];
  for (const intent of INTENTS) {
    for (const phrase of PHRASES[intent]) out.push({ intent, root: parseQuery(phrase) });
  }
  for (const cue of Object.keys(CUES) as Cue[]) {
    for (const phrase of CUES[cue]) out.push({ intent: cue, root: parseQuery(phrase) });
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
  readonly matched: ReadonlySet<Intent | Cue>;
  /** The post opens by naming someone (a reply or a mention of a company's handle). */
  readonly addressed?: boolean;
  readonly sentiment: Sentiment;
  readonly topics: readonly string[];
  readonly mentionsBrand: boolean;
  readonly questionMarks: number;
}

/**
 * Final intents in a fixed order. A complaint is a shortfall cue or an outage; or a
 * grievance hint in a post that is not positive and is negative or speaks to a company; or
 * a negative post about a service topic, the brand or a company it addresses ("3 días sin
 * señal @AuroraMovil"). A negative post about nothing a company provides (weather,
 * politics) is not one.
 */
export function resolveIntents(ctx: IntentContext): string[] {
  const out: string[] = [];
  const label = ctx.sentiment.label;
  const negative = label === 'negative';
  const aimed = ctx.mentionsBrand || ctx.addressed === true || ctx.matched.has('address');
  // Praise that mentions what did not go wrong ("ni en el subte se corta", "never lost signal",
  // "me devolvieron lo que me cobraron de más") is no outage and no complaint.
  const positive = label === 'positive';
  const outage = ctx.matched.has('outage') && !positive;
  const complaint =
    (ctx.matched.has('complaint') && !(positive && ctx.sentiment.score >= 0.5)) ||
    outage ||
    (ctx.matched.has('shortfall') && !positive) ||
    (ctx.matched.has('grievance') && label !== 'positive' && (aimed || ctx.topics.length > 0)) ||
    (negative && (ctx.topics.length > 0 || aimed || ctx.matched.has('churn')));
  if (complaint) out.push('complaint');
  if (ctx.matched.has('churn')) out.push('churn');
  if (outage) out.push('outage');
  if (ctx.questionMarks > 0 || ctx.matched.has('question')) out.push('question');
  if (ctx.matched.has('purchase') && !ctx.matched.has('churn')) out.push('purchase');
  return out;
}
