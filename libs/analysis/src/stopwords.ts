import { foldText } from './text.normalizer';

/** Spanish function words (articles, pronouns, prepositions, auxiliaries, voseo forms). */
export const ES_FUNCTION_WORDS: readonly string[] = `
a al algo algún alguna algunas alguno algunos allá allí ante antes aquel aquella aquellas aquello aquellos
aquí así aun aún cada casi como cómo con contra cual cuál cuales cuáles cuando cuándo cuanto cuánto
de del desde donde dónde durante e el él ella ellas ello ellos en entre era eran eras es esa esas ese
eso esos esta está estaba estaban estamos están estar estas estás este esto estos estoy estuvo fue fueron
fui ha haber había habían has hay he hemos han hasta hoy la las le les lo los me mi mí mis mucho muchos
muy más nada ni no nos nosotras nosotros nuestra nuestras nuestro nuestros o os otra otras otro otros
para pero poco por porque que qué quien quién quienes se sea ser será si sí siempre sin sobre sois somos
son soy su sus también tampoco tan tanto te tenés tener tengo tenemos tiene tienen ti toda todas todo
todos tu tú tus u un una unas uno unos usted ustedes vos vosotras vosotros ya y yo sos podés querés sabés
hacé decime fijate ahí acá che pues luego entonces mientras según tras
`.trim().split(/\s+/);

/** English function words (articles, pronouns, prepositions, auxiliaries, contractions without apostrophes). */
export const EN_FUNCTION_WORDS: readonly string[] = `
a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was
we were what when where which while who whom why will with would you your yours yourself yourselves
im ive id ill youre youve youll hes shes its were theyre theyve dont doesnt didnt cant couldnt wont
wouldnt shouldnt isnt arent wasnt werent havent hasnt hadnt lets thats whats theres heres also got get
been may might must shall
`.trim().split(/\s+/);

/**
 * Words that fill conversation rather than name a subject ("vez", "hola", "honestly"): left
 * out of top terms, but not function words for language detection.
 */
const FILLERS: readonly string[] = `
vez veces alguien nadie hola verdad posta sabe saben menos hace hacen ahora después cosa cosas va van voy
one honestly seriously really still even know think going like
`.trim().split(/\s+/);

/**
 * Function words in both languages, lower-case, with and without accents, for "top terms"
 * lists that should show what people talk about rather than how sentences are glued.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  [...ES_FUNCTION_WORDS, ...EN_FUNCTION_WORDS, ...FILLERS, 'rt', 'via', 'amp', 'https', 'http', 'co'].flatMap((w) => [w, foldText(w)]),
);
