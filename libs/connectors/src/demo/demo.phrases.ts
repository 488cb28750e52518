import type { SentimentLabel } from '@escucha/core';

/**
 * What the demo's people say. Each category fixes the ground truth (sentiment, topics,
 * intents) so analysis can be measured against it; the templates vary the wording, and
 * `{slots}` are filled per post (see demo.generator.ts) so texts rarely repeat verbatim.
 *
 * Styles: `social` is a public post, `voice` a customer writing to the company (assistant
 * chat, e-mail, forum), `call` an agent's note of a phone call.
 */
export type Lang = 'es' | 'en';
export type Style = 'social' | 'voice' | 'call';

export interface PhraseCategory {
  id: string;
  sentiment: SentimentLabel;
  /** Relative weight among the categories of the same sentiment. */
  weight: number;
  topics: readonly string[];
  intents: readonly string[];
  templates: Record<Lang, Partial<Record<Style, readonly string[]>>>;
}

export const CATEGORIES: readonly PhraseCategory[] = [
  // ---------------------------------------------------------------- negative
  {
    id: 'outage',
    sentiment: 'negative',
    weight: 16,
    topics: ['outage'],
    intents: ['outage', 'complaint'],
    templates: {
      es: {
        social: [
          '{brand} sin señal {since} en {place}, ¿qué pasa?',
          'no anda nada, ni datos ni llamadas. {place}, {since}. {brand} ¿me explican?',
          '¿se cayó la red de {brand} en {place}? No tengo señal {since}',
          'sin señal {since} en {place}. Pago todos los meses para esto',
          '{brand} hace {hours} horas que estoy sin servicio en {place}, una vergüenza',
          'che {brand}, ¿hay una caída en {place}? No carga nada y no puedo llamar',
          'otra vez sin internet en el celu en {place}. {brand} no anda nada, posta',
          'tenés que pararte en la ventana para tener una rayita de señal. {place}, {since}. Gracias {brand} 👏',
          'caída total de {brand} en {place}. Ni el WhatsApp sale',
          '{brand} me quedé sin señal en pleno laburo, {place}. ¿Cuándo vuelve?',
          'todo {place} sin señal de {brand} {since} y ni un aviso. Andá a saber cuándo vuelve',
        ],
        voice: [
          'no tengo señal en {place} {since}, ¿hay una caída?',
          'Hola, les escribo porque estoy sin servicio en {place} {since}. Necesito el teléfono para trabajar.',
          'sin internet en el celular en {place}, ¿está caída la red?',
          'no anda nada, ni datos ni llamadas, estoy en {place}',
        ],
        call: [
          'Cliente reporta sin señal en {place} {since}. Se verifica caída en la zona, se abre reclamo técnico.',
          'Llama por falta de servicio (datos y voz) en {place}. Muy molesto, pide bonificación.',
          'Reclamo por corte de servicio en {place}. Reinició el equipo ({device}), sigue sin señal.',
        ],
      },
      en: {
        social: [
          '{brand} no signal in {place} {since}. What is going on?',
          'is {brand} down in {place}? No data, no calls for {hours} hours',
          '{brand} outage again in {place}. Can’t even send a text',
          'zero bars, no signal in {place} {since}. Paying for a service that doesn’t work, {brand}',
          'anyone else with no service on {brand} in {place}? Network seems down',
          '{brand} network down in {place} {since} and not a word from you',
        ],
        voice: [
          'no signal in {place} {since}, is there an outage?',
          'Hi, I have had no service in {place} {since}. I need my phone for work.',
          'mobile data and calls are down in {place}, is the network down?',
        ],
        call: [
          'Customer reports no signal in {place} {since}. Network outage suspected, ticket opened.',
          'Caller has no service (voice and data) in {place}. Upset, asks for a credit.',
        ],
      },
    },
  },
  {
    id: 'billing-complaint',
    sentiment: 'negative',
    weight: 16,
    topics: ['billing'],
    intents: ['complaint'],
    templates: {
      es: {
        social: [
          '{brand} me cobraron de más otra vez. La factura vino con {amount} y mi plan sale mucho menos',
          'me cobraron de más: {extra} por un "servicio adicional" que nunca pedí. {brand} devolvé la plata',
          '¿alguien me explica por qué la factura de {brand} vino {pct}% más cara este mes? Nadie avisó nada',
          '{brand} me debitaron dos veces la factura. Una vergüenza',
          'me siguen cobrando la línea que di de baja hace {months} meses, {brand}. ¿Hasta cuándo?',
          'factura de {amount} por el plan {plan}. ¿Es un chiste, {brand}?',
          'tenés que revisar cada factura de {brand} porque siempre te cobran algo de más',
        ],
        voice: [
          'me llegó la factura con {amount} y no entiendo por qué, mi plan es el {plan}',
          'Hola, me cobraron {extra} de más en la última factura. Quiero que me lo devuelvan.',
          'me debitaron dos veces la factura de este mes',
        ],
        call: [
          'Cliente reclama cobro de {extra} no reconocido en la factura. Se deriva a facturación.',
          'Reclamo por doble débito de la factura. Solicita reintegro de {amount}.',
          'Cliente indica que le siguen facturando una línea dada de baja hace {months} meses.',
        ],
      },
      en: {
        social: [
          '{brand} overcharged me again. Bill came in at {amount} for the {plan} plan',
          'charged twice this month by {brand}. Still waiting for the refund',
          'why is my {brand} bill {pct}% higher with no notice?',
          '{brand} keeps billing me for a line I cancelled {months} months ago',
        ],
        voice: [
          'my bill is {amount} and I am on the {plan} plan. Why?',
          'Hello, I was charged {extra} extra on my last bill. Please refund it.',
        ],
        call: ['Customer disputes a {extra} charge on the bill. Escalated to billing.'],
      },
    },
  },
  {
    id: 'price-complaint',
    sentiment: 'negative',
    weight: 15,
    topics: ['price'],
    intents: ['complaint'],
    templates: {
      es: {
        social: [
          '{brand} re caro para lo que es. {amount} por mes y la señal es un desastre',
          'aumentaron otra vez un {pct}%. {brand} ¿no les da vergüenza?',
          '¿el plan {plan} a {amount}? Re caro, en {comp} pago menos',
          'cada mes más caro {brand}. Tenés que elegir entre comer o tener datos jaja',
          'posta que {brand} es lo más caro que hay. {amount} por {gb} GB',
          '{comp} te da el doble de datos por menos plata. {brand} re caro',
        ],
        voice: ['¿por qué aumentó {pct}% el abono? Ya es re caro', 'Hola, el plan {plan} está carísimo, ¿no tienen algo más barato?'],
        call: ['Cliente se queja del aumento del {pct}% en el abono. Consulta planes más baratos.'],
      },
      en: {
        social: [
          '{brand} is way too expensive. {amount} a month for {gb} GB?',
          'another {pct}% price hike from {brand}. Unbelievable',
          '{comp} is cheaper and the coverage is the same. Why am I still paying {brand} {amount}?',
        ],
        voice: ['why did my plan go up {pct}%? It is too expensive'],
        call: ['Customer complains about the {pct}% price increase. Asked for cheaper plans.'],
      },
    },
  },
  {
    id: 'coverage-complaint',
    sentiment: 'negative',
    weight: 16,
    topics: ['coverage'],
    intents: ['complaint'],
    templates: {
      es: {
        social: [
          'en {place} la señal de {brand} es un chiste. Una rayita y gracias',
          'tenés que salir al balcón para hablar. {brand} en {place} no anda',
          '{brand} ¿para cuándo una antena en {place}? Acá no hay señal ni en la calle',
          'en el subte me quedo sin señal siempre con {brand}, mi amiga con {comp} tiene',
          'de {place} a {place2} sin señal toda la ruta. {brand} 👎',
          '{comp} tiene 4G en {place} y {brand} apenas 3G. Así no',
        ],
        voice: ['en mi casa en {place} casi no hay señal, ¿van a mejorar la cobertura?'],
        call: ['Cliente reporta mala cobertura en su domicilio ({place}). Se registra para área técnica.'],
      },
      en: {
        social: [
          '{brand} coverage in {place} is terrible. One bar if I’m lucky',
          'drove from {place} to {place2} and lost signal the whole way. Thanks {brand}',
          'why does {comp} have signal in {place} and {brand} doesn’t?',
        ],
        voice: ['barely any signal at my place in {place}, any plans to improve coverage?'],
        call: ['Customer reports poor coverage at home in {place}. Logged for the network team.'],
      },
    },
  },
  {
    id: 'service-complaint',
    sentiment: 'negative',
    weight: 14,
    topics: ['customer_service'],
    intents: ['complaint'],
    templates: {
      es: {
        social: [
          '{minutes} minutos esperando que me atienda alguien en {brand}. Me cortaron. Genial',
          'llamé tres veces a atención al cliente de {brand} y cada uno me dice algo distinto',
          'el bot de {brand} no entiende nada y no hay forma de hablar con una persona',
          'fui a la sucursal de {place}, {hours} horas de cola para que me digan que lo haga por la app. {brand} un desastre',
          '{brand} abrí un reclamo hace {days} días y nadie me responde',
          'andá a la sucursal, me dicen. Voy y me mandan a la app. {brand} una tomada de pelo',
        ],
        voice: [
          'quiero hablar con una persona, el bot no me resuelve nada',
          'Hola, hace {days} días que abrí un reclamo y nadie me contesta. Es la tercera vez que escribo.',
        ],
        call: ['Cliente molesto por demora en la atención ({minutes} min de espera). Reclamo anterior sin resolver.'],
      },
      en: {
        social: [
          '{minutes} minutes on hold with {brand} and then they hung up on me',
          '{brand} customer support is useless. Three calls, three different answers',
          'opened a ticket {days} days ago, {brand}. Still nothing',
        ],
        voice: ['I want to talk to a human, the bot is useless'],
        call: ['Customer upset about the wait ({minutes} min on hold). Previous ticket unresolved.'],
      },
    },
  },
  {
    id: 'churn',
    sentiment: 'negative',
    weight: 13,
    topics: ['switching'],
    intents: ['churn'],
    templates: {
      es: {
        social: [
          'me paso a {comp}. Chau {brand}, fueron {years} años',
          'listo, pedí la portabilidad a {comp}. {brand} no da para más',
          'si esta semana no me solucionan lo de la factura me paso a {comp}, {brand}',
          '¿alguien se pasó de {brand} a {comp}? ¿Vale la pena? Estoy harto',
          'doy de baja todo con {brand}. Tenés que pelear por cada cosa',
          'me paso a {comp}, posta. {years} años con {brand} y me tratan así',
        ],
        voice: ['quiero dar de baja la línea', 'Hola, quiero saber cómo dar de baja el servicio. Me voy a {comp}.'],
        call: [
          'Cliente solicita la baja de la línea. Motivo: precio y mala atención. Menciona oferta de {comp}.',
          'Pide baja; se ofrece retención con {pct}% de descuento, no acepta. Se pasa a {comp}.',
        ],
      },
      en: {
        social: [
          'switching to {comp}. Bye {brand}, {years} years wasted',
          'done. Porting my number to {comp}. {brand} you lost a customer',
          'if {brand} doesn’t fix this by Friday I’m moving to {comp}',
        ],
        voice: ['I want to cancel my line', 'Hi, how do I cancel? I am moving to {comp}.'],
        call: ['Customer requests cancellation, mentions an offer from {comp}. Retention offer declined.'],
      },
    },
  },
  {
    id: 'plans-complaint',
    sentiment: 'negative',
    weight: 10,
    topics: ['plans'],
    intents: ['complaint'],
    templates: {
      es: {
        social: [
          'me cambiaron el plan sin avisar, {brand}. Ahora tengo {gb} GB en vez de {gb2}',
          'los datos del plan {plan} vuelan, a mitad de mes ya no tengo nada',
          '{brand} ¿por qué el plan {plan} ya no incluye roaming en Uruguay?',
          'el "ilimitado" de {brand} tiene letra chica: después de {gb} GB te baja la velocidad a nada',
        ],
        voice: ['me cambiaron el plan sin que lo pida, quiero volver al anterior'],
        call: ['Cliente reclama cambio de plan no solicitado ({plan}). Se revierte.'],
      },
      en: {
        social: [
          '{brand} changed my plan without asking. Now it’s {gb} GB instead of {gb2}',
          'the {plan} plan data runs out in two weeks, {brand}',
          '"unlimited" with {brand} means throttled after {gb} GB',
        ],
        voice: ['my plan was changed without my consent, please revert it'],
        call: ['Customer disputes an unrequested plan change ({plan}). Reverted.'],
      },
    },
  },
  // ---------------------------------------------------------------- neutral
  {
    id: 'fiber-question',
    sentiment: 'neutral',
    weight: 18,
    topics: ['coverage'],
    intents: ['question', 'purchase'],
    templates: {
      es: {
        social: [
          '¿cuándo llega la fibra de {brand} a {place}?',
          '{brand} ¿hay fibra en {place}? Quiero contratar',
          '¿alguien tiene Hogar Fibra de {brand} en {place}? ¿Qué tal anda?',
          '¿llega el 5G de {brand} a {place} o todavía no?',
          '¿cuándo llega la fibra a {place}? Pregunto por un amigo jaja',
        ],
        voice: ['¿hay fibra disponible en {place}?', 'Hola, quería saber si ya tienen 5G en {place}.'],
        call: ['Consulta disponibilidad de fibra en {place}. Se toma pedido de factibilidad.'],
      },
      en: {
        social: ['when is {brand} fiber coming to {place}?', 'does {brand} have 5G in {place} yet?'],
        voice: ['is fiber available in {place}?'],
        call: ['Asks whether fiber is available in {place}. Feasibility request logged.'],
      },
    },
  },
  {
    id: 'plans-question',
    sentiment: 'neutral',
    weight: 22,
    topics: ['plans'],
    intents: ['question', 'purchase'],
    templates: {
      es: {
        social: [
          '¿qué plan de {brand} me conviene si uso muchos datos y casi no llamo?',
          '{brand} ¿el plan {plan} incluye roaming en Uruguay?',
          '¿alguien tiene el {plan}? ¿Rinden los {gb} GB?',
          '¿cómo hago para pasar del prepago al {plan}?',
          '{brand} ¿tienen algún plan familiar con {gb} GB para compartir?',
          '¿el {plan} de {brand} trae el {device} en cuotas?',
        ],
        voice: ['¿qué planes tienen con más de {gb} GB?', 'quiero pasarme al plan {plan}, ¿cómo hago?'],
        call: ['Consulta por cambio al plan {plan}. Se informan condiciones.'],
      },
      en: {
        social: [
          'which {brand} plan is best if I mostly use data?',
          'does the {plan} plan include roaming, {brand}?',
          'thinking about the {plan} plan. Are {gb} GB enough?',
        ],
        voice: ['what plans do you have with more than {gb} GB?'],
        call: ['Asks about upgrading to the {plan} plan. Conditions explained.'],
      },
    },
  },
  {
    id: 'billing-question',
    sentiment: 'neutral',
    weight: 16,
    topics: ['billing'],
    intents: ['question'],
    templates: {
      es: {
        social: [
          '{brand} ¿dónde descargo la factura? En la app no la encuentro',
          '¿cuándo vence la factura de {brand} este mes?',
          '¿se puede pagar la factura de {brand} con QR?',
          '¿cómo adhiero la factura de {brand} al débito automático?',
        ],
        voice: ['¿dónde veo mi factura?', 'quiero adherir la factura al débito automático'],
        call: ['Consulta vencimiento de la factura. Se envía copia por correo.'],
      },
      en: {
        social: ['{brand} where can I download my bill?', 'when is this month’s {brand} bill due?'],
        voice: ['where can I see my bill?'],
        call: ['Asks for the bill due date. Copy sent by e-mail.'],
      },
    },
  },
  {
    id: 'switching-question',
    sentiment: 'neutral',
    weight: 10,
    topics: ['switching'],
    intents: ['question', 'purchase'],
    templates: {
      es: {
        social: [
          '¿cuánto tarda la portabilidad de {comp} a {brand}?',
          'si me paso a {brand}, ¿mantengo el número?',
          'estoy pensando en pasarme a {brand} desde {comp}. ¿Qué tal la señal en {place}?',
        ],
        voice: ['¿cómo hago la portabilidad desde {comp}?'],
        call: ['Consulta por portabilidad desde {comp}. Se explican los pasos.'],
      },
      en: {
        social: ['how long does porting from {comp} to {brand} take?', 'if I switch to {brand}, do I keep my number?'],
        voice: ['how do I port my number from {comp}?'],
        call: ['Asks about porting a number from {comp}. Steps explained.'],
      },
    },
  },
  {
    id: 'outage-question',
    sentiment: 'neutral',
    weight: 10,
    topics: ['outage'],
    intents: ['outage', 'question'],
    templates: {
      es: {
        social: [
          '¿se cayó {brand} o es mi celular? {place}',
          '¿a alguien más le pasa que no tiene señal con {brand} en {place}?',
          '¿hay alguna caída de {brand} en {place}? Recién no cargaba nada',
        ],
        voice: ['¿hay algún problema de señal en {place}?'],
        call: ['Consulta si hay problemas de red en {place}.'],
      },
      en: {
        social: ['is {brand} down or is it just me? {place}', 'anyone else having signal problems with {brand} in {place}?'],
        voice: ['is there a network problem in {place}?'],
        call: ['Asks whether there is a network problem in {place}.'],
      },
    },
  },
  {
    id: 'service-question',
    sentiment: 'neutral',
    weight: 12,
    topics: ['customer_service'],
    intents: ['question'],
    templates: {
      es: {
        social: [
          '¿a qué hora abre la sucursal de {brand} en {place}?',
          '{brand} ¿hay un número para hablar con una persona?',
          '¿cómo hago un reclamo en {brand} sin ir a la sucursal?',
        ],
        voice: ['¿cuál es el horario de la sucursal de {place}?'],
        call: ['Consulta horarios de atención de la sucursal {place}.'],
      },
      en: {
        social: ['what time does the {brand} store in {place} open?', 'is there a number to talk to an actual person at {brand}?'],
        voice: ['what are the opening hours of the {place} store?'],
        call: ['Asks for the opening hours of the {place} store.'],
      },
    },
  },
  {
    id: 'price-question',
    sentiment: 'neutral',
    weight: 12,
    topics: ['price'],
    intents: ['question', 'purchase'],
    templates: {
      es: {
        social: [
          '¿cuánto sale el plan {plan} ahora?',
          '{brand} ¿el precio del {plan} incluye IVA?',
          '¿hay alguna promo para el {plan}? Vi que {comp} tiene descuento',
        ],
        voice: ['¿cuánto sale el {plan}?'],
        call: ['Consulta precio del plan {plan}. Se informa {amount} final.'],
      },
      en: {
        social: ['how much is the {plan} plan now?', 'any promo on the {plan} plan? {comp} has one'],
        voice: ['how much is the {plan} plan?'],
        call: ['Asks for the price of the {plan} plan. Quoted {amount}.'],
      },
    },
  },
  // ---------------------------------------------------------------- positive
  {
    id: 'coverage-praise',
    sentiment: 'positive',
    weight: 22,
    topics: ['coverage'],
    intents: [],
    templates: {
      es: {
        social: [
          'hay que reconocerlo: {brand} tiene señal en {place} donde nadie tiene',
          'hice {place} - {place2} y no se cortó nunca. Bien ahí {brand}',
          'buenísima la cobertura de {brand} en {place}, ni en el subte se corta',
          'en la costa con {brand} anda perfecto, mis amigos con {comp} sin señal jaja',
        ],
        voice: ['gracias, ahora la señal en {place} anda bárbaro'],
        call: ['Cliente agradece la mejora de señal en {place}.'],
      },
      en: {
        social: ['gotta say, {brand} coverage in {place} is great', 'drove {place} to {place2}, never lost signal. Nice one {brand}'],
        voice: ['thanks, the signal in {place} is great now'],
        call: ['Customer thanks us for the improved signal in {place}.'],
      },
    },
  },
  {
    id: 'fast-5g',
    sentiment: 'positive',
    weight: 18,
    topics: ['coverage'],
    intents: [],
    templates: {
      es: {
        social: [
          'el 5G de {brand} vuela: {speed} Mbps en {place} 🚀',
          'probé el 5G en {place}, {speed} Mbps de bajada. Impresionante {brand}',
          'posta que el 5G de {brand} anda re bien, bajé una serie entera en {quick} minutos',
          'con el {device} y el 5G de {brand} en {place}: {speed} Mbps. Una locura',
        ],
        voice: ['el 5G anda bárbaro, {speed} Mbps en {place}'],
      },
      en: {
        social: ['{brand} 5G is fast: {speed} Mbps in {place}', 'just got {speed} Mbps on {brand} 5G in {place}. Wow'],
        voice: ['the 5G is great, {speed} Mbps in {place}'],
      },
    },
  },
  {
    id: 'service-praise',
    sentiment: 'positive',
    weight: 28,
    topics: ['customer_service'],
    intents: [],
    templates: {
      es: {
        social: [
          'me atendió {agent} de {brand} y me resolvió todo en {quick} minutos. Un genio',
          'gracias {brand}, {agent} fue re amable y me devolvieron lo que me cobraron de más',
          'buena onda la atención de {brand} en la sucursal de {place}, salí con todo resuelto',
          'el chat de {brand} me solucionó el problema al toque, bien ahí',
          'qué amable {agent} de {brand}, me explicó todo con paciencia 🙏',
        ],
        voice: ['¡gracias! me resolvieron todo re rápido', 'Hola, quería agradecer a {agent} por la atención de ayer.'],
        call: ['Cliente agradece la atención de {agent}. Caso cerrado.'],
      },
      en: {
        social: ['shoutout to {agent} at {brand}, sorted everything in {quick} minutes', 'friendly and fast support from {brand} today. Thanks!'],
        voice: ['thanks, that fixed it!'],
        call: ['Customer thanks {agent} for the help. Case closed.'],
      },
    },
  },
  {
    id: 'plans-praise',
    sentiment: 'positive',
    weight: 16,
    topics: ['plans'],
    intents: [],
    templates: {
      es: {
        social: [
          'el plan {plan} de {brand} está re bien por lo que sale',
          'me pasé al {plan} y rinde un montón, {gb} GB y no los termino',
          'buena la promo de {brand}: {pct}% off en el {plan}',
        ],
        voice: ['me encanta el plan {plan}, rinde un montón'],
      },
      en: {
        social: ['the {plan} plan from {brand} is really good value', 'upgraded to {plan}, {gb} GB and I never run out'],
        voice: ['the {plan} plan is great value'],
      },
    },
  },
  {
    id: 'switching-praise',
    sentiment: 'positive',
    weight: 10,
    topics: ['switching'],
    intents: ['purchase'],
    templates: {
      es: {
        social: [
          'me pasé de {comp} a {brand} y no vuelvo más',
          'hice la portabilidad a {brand}, tardó un día y ya tengo señal en {place}',
        ],
        voice: ['recién me pasé desde {comp}, todo perfecto'],
        call: ['Alta por portabilidad desde {comp}. Cliente conforme.'],
      },
      en: {
        social: ['switched from {comp} to {brand}, best decision', 'ported my number to {brand}, took one day'],
        voice: ['just switched from {comp}, all good'],
        call: ['New line ported from {comp}. Customer satisfied.'],
      },
    },
  },
  {
    id: 'outage-resolved',
    sentiment: 'positive',
    weight: 6,
    topics: ['outage'],
    intents: [],
    templates: {
      es: {
        social: ['volvió la señal en {place}. Gracias {brand} por resolverlo rápido', 'ya anda todo de nuevo en {place} 🙌 bien {brand}'],
        voice: ['ya volvió la señal en {place}, gracias'],
      },
      en: {
        social: ['signal is back in {place}. Thanks {brand}'],
        voice: ['service is back in {place}, thanks'],
      },
    },
  },
];

/** Short openers and closers for public posts: cheap variety, and they carry the tone. */
export const DECORATIONS: Record<Lang, Record<SentimentLabel, { prefixes: readonly string[]; suffixes: readonly string[] }>> = {
  es: {
    negative: {
      prefixes: ['', '', '', '', 'Che, ', 'Posta, ', 'Otra vez. ', 'Increíble. ', 'Bueno... '],
      suffixes: ['', '', '', ' 😡', ' 🙄', ' Una vergüenza.', ' #AuroraMovil', '!!', ' 🤬', ' Cansado.', ' Qué bronca.'],
    },
    neutral: {
      prefixes: ['', '', '', 'Che, ', 'Consulta: ', 'Hola, '],
      suffixes: ['', '', '', ' Gracias!', ' 🙏', ' ¿Alguien sabe?'],
    },
    positive: {
      prefixes: ['', '', '', 'Posta, ', 'La verdad, '],
      suffixes: ['', '', ' 🙌', ' 💜', ' ¡Gracias!', ' 👏', ' #AuroraMovil'],
    },
  },
  en: {
    negative: {
      prefixes: ['', '', '', 'Ugh. ', 'Seriously, ', 'Again. '],
      suffixes: ['', '', ' 😡', ' 🙄', ' #fail', '!!'],
    },
    neutral: {
      prefixes: ['', '', '', 'Quick question: ', 'Hi, '],
      suffixes: ['', '', ' Thanks!', ' 🙏'],
    },
    positive: {
      prefixes: ['', '', 'Honestly, '],
      suffixes: ['', ' 🙌', ' 👏', ' Thanks!'],
    },
  },
};
