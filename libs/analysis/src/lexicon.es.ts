import type { LexiconSource } from './lexicon';

/**
 * Spanish sentiment lexicon, written for this project (MIT, like the rest of it).
 * General Spanish plus Rioplatense (voseo, lunfardo) and the usual regional praise and
 * insults, and the way customers of a phone or internet company complain.
 * Valences run from -4 to 4; most words sit between 1 and 3.
 */
export const LEXICON_ES: LexiconSource = {
  valence: [
    [
      -3.5,
      `pésim{o,a,os,as} horrible{,s} horrend{o,a,os,as} espantos{o,a,os,as} asqueros{o,a,os,as} asco
       desastre{,s} desastros{o,a,os,as} vergüenza vergonzos{o,a,os,as} mierda{,s} basura
       nefast{o,a,os,as} malísim{o,a,os,as} estafa{,s} estafador{,es,a,as} estafaron estafan estafando
       chorr{o,a,os,as} ladr{ón,ones,ona,onas} garca{,s} sinvergüenza{,s} porquería{,s} fraude{,s}
       cagada{,s} una_cagada un_asco un_desastre una_vergüenza una_porquería un_robo una_estafa una_mierda
       de_mierda de_cuarta odio odiamos odian detesto aborrezco repugnante{,s} deplorable{,s}
       inadmisible{,s} inaceptable{,s} indignante{,s} lamentable{,s} catastrófic{o,a,os,as}
       gracias_por_nada ni_en_pedo malditos malditas andá_a_cagar vayan_a_cagar`,
    ],
    [
      -3,
      `terrible{,s} peor{,es} lo_peor inservible{,s} inútil{,es} incompetente{,s} ineptos inepto inepta
       patétic{o,a,os,as} fatal{,es} bodrio{,s} roban robaron robo robando afanan afanaron afano
       mentiros{o,a,os,as} mienten mintieron engaño{,s} engañan engañaron abuso{,s} abusiv{o,a,os,as} chanta{,s}
       caradura{,s} maldit{o,a} indignad{o,a,os,as} furios{o,a,os,as} furia decepcionad{o,a,os,as}
       decepción decepcionante{,s} carísim{o,a,os,as} lentísim{o,a,os,as} tarifazo tarifazos
       maltrato destrato idiota{,s} pelotud{o,a,os,as} boludez{,es} imbécil{,es} estúpid{o,a,os,as}
       insoportable{,s} harto{,a,os,as} podrid{o,a,os,as} hart{ísimo,ísima} vergonzoso asquerosidad
       me_tienen_podrido me_tienen_harto me_tienen_harta me_cobraron_de_más me_cobran_de_más
       cobraron_de_más cobran_de_más cobrando_de_más cobro_de_más cobrado_de_más cobro_indebido
       doble_cobro cobro_doble cobraron_dos_veces debitaron_dos_veces cobran_algo_de_más
       cobraron_algo_de_más siguen_cobrando siguen_facturando siguen_debitando`,
    ],
    [
      -2.5,
      `mal{o,a,os,as} mentira{,s} ridícul{o,a,os,as} absurd{o,a,os,as} injust{o,a,os,as} injusticia
       enojad{o,a,os,as} enojo bronca calentura triste{,s} tristeza frustrante{,s} frustrad{o,a,os,as}
       frustración desilusión desilusionad{o,a,os,as} deficiente{,s} mediocre{,s} trucho{,s} trucha{,s}
       berreta{,s} chot{o,a,os,as} boludos pelotudez aumentazo muerte muert{o,a,os,as} asesin{o,a,os,as}
       matar mataron violencia violento tragedia trágic{o,a} odios{o,a,os,as} cansad{o,a,os,as}_de
       dolor duele sufrir sufro sufriendo llorar lloro llorando miedo pánico horror temor
       se_cayó se_cae se_cayeron se_me_cayó se_cortó se_corta se_cortan se_me_cortó se_me_corta
       caíd{o,a,os,as} sin_señal sin_servicio sin_internet sin_conexión sin_línea sin_luz sin_datos
       sin_respuesta sin_cobertura sinservicio sinseñal sininternet sinconexión sinluz
       no_anda no_funciona nadie_responde nadie_contesta nadie_atiende mala_onda cero_onda
       una_vergüenza pucha carajo puta puto puta_madre la_puta_madre garrón quilombo mala_leche
       es_un_chiste son_un_chiste tomada_de_pelo`,
    ],
    [
      -2,
      `mal feo{,s} fea{,s} falla{,s} fallan falló fallando fallaron error{,es} problema{,s} problemón
       lent{o,a,os,as} demora{,s} demorad{o,a,os,as} tardan tardaron caro{,s}
       caída{,s} cortes intermitente{,s} inestable{,s} queja{,s} quejarme reclamo{,s} reclamé reclamando
       reclamar molest{o,a,os,as} molesta molestia{,s} fastidio fastidiad{o,a,os,as} preocupad{o,a,os,as}
       preocupa preocupante{,s} peligro peligros{o,a,os,as} crisis guerra culpa culpable{,s}
       difícil{,es} complicad{o,a,os,as} imposible{,s} bajón embole aburrid{o,a,os,as} aburre ufa
       puaj feísim{o,a} lamentablemente desgraciadamente desgracia tristemente mentir ignoran ignoraron
       ignorad{o,a,os,as} abandonad{o,a,os,as} colgad{o,a,os,as} estafad{o,a,os,as} perdí perdimos
       perdieron perdido{,s} perdida{,s} pérdida{,s} fracaso{,s} fracasó susto asustad{o,a,os,as}
       enfermo{,s} enferma{,s} enfermedad llanto lágrima{,s} grave{,s} víctima{,s} ataque{,s}
       desaparecid{o,a,os,as} roto{,s} rota{,s} rompió rompieron averiad{o,a,os,as} averia avería{,s}
       interrupción interrupciones cortaron cortan cortado saturad{o,a,os,as} colapsad{o,a,os,as}
       colapso mentiroso abusan abusando cobrar_de_más de_terror para_el_orto como_el_orto
       no_reconocido no_reconocida sin_aviso nadie_avisó no_solicitado no_solicitada sin_que_lo_pida
       sin_que_lo_pidiera no_da_para_más
       cansador cansadora agotador agotadora agotad{o,a,os,as} estresad{o,a,os,as} estrés cansad{o,a,os,as} duro dura desgraciad{o,a,os,as} depresión deprimid{o,a,os,as} terremoto inundación inundaciones afectad{o,a,os,as} morir morirme infierno amargo amarga cobarde{,s} cólera desperdicio desperdiciado desperdicié lesión lesionado lesiona pobre{,s} nomegusta extrañ{o,a,ar,aré,amos} mentira
       vergonzosa lamentable odiar odiaba`,
    ],
    [
      -1.5,
      `aumento{,s} aumentaron subieron tarde_otra_vez espera_eterna eterno eterna
       raro{,s} rara{,s} extraño confus{o,a,os,as} confundid{o,a,os,as} duda dudas dudos{o,a}
       uf uff ugh meh nervios nerviosa nervioso ansiedad ansios{o,a} solo_problemas
       demasiado_caro esperando_hace esperando_desde sigo_esperando seguimos_esperando
       inconveniente{,s} reclamos corte lentitud tardó tardan_mucho bloquearon bloqueado bloqueada
       suspendieron suspendido suspendida dieron_de_baja tristes peores triste_realidad
       ojalá_no mentí sucio sucia sucios sucias rompe_las_bolas rompen_las_bolas
       qué_bronca que_bronca qué_mal que_mal qué_feo que_feo qué_asco que_asco`,
    ],
    [-1, `nada_que_ver lástima pena qué_pena que_pena ay tardanza no_entiendo_por_qué`],
    [-0.5, `más_o_menos regular cobraron cobran espera esperando dar_de_baja darme_de_baja doy_de_baja`],

    [0, `no_gracias`],
    [0.5, `ok okay okey dale saludos igualmente a_full`],
    [
      1,
      `ganas interesante{,s} tranquil{o,a,os,as} correcto correcta
       fácil{,es} sencill{o,a,os,as} cómod{o,a,os,as} útil{,es} esperanza suerte jaja jeje jiji jajaja
       jajajaja lol xd risa{,s} ojalá rápido rápida rápidos rápidas ya_anda ya_funciona volvió_la_señal
       volvió_el_servicio volvió_internet cumpleaños cumple bienvenid{o,a,os,as} vale_la_pena`,
    ],
    [
      1.5,
      `bien buen buen{o,a,os,as} gracias grax graciass mil_gracias agradezco gustó gusta gustan gustaron
       buen_día buen_dia buenos_días buenos_dias buenas_tardes buenas_noches
       sonrisa{,s} abrazo{,s} beso{,s} besito{,s} paz amable{,s} atent{o,a,os,as} solucionado{,s}
       solucionada{,s} solucionaron resolvieron resuelto{,s} resuelta{,s} arreglaron arreglado{,s}
       solucionó resolvió
       funcionando_bien anda_bien anda_joya funciona_bien eficiente{,s} rapidez recomendable{,s}
       linda{,s} lindo{,s} bonit{o,a,os,as} chido{,s} chida{,s} tuanis divertid{o,a,os,as}
       disfrut{ar,o,amos,ando,en,é,aron} disfruten esperemos_que alegre{,s} orgull{o,osa,oso,osos,osas}
       mejor{,es} mejorando mejoró mejoraron mejora bendición bendiciones bendecid{o,a,os,as} dios_te_bendiga
       top crack{,s} capo{,s} capa_total idol{o,a} ídolo{,s} gane gané ganamos ganaron triunfo victoria`,
    ],
    [
      2,
      `muchas_gracias agradecid{o,a,os,as} felicidad feliz felices alegría contento{,s}
       contenta{,s} encantad{o,a,os,as} recomiendo recomiendo_100 hermos{o,a,os,as} precios{o,a,os,as}
       bell{o,a,os,as} guap{o,a,os,as} bacán chévere chevere piola{,s} mola molan guay pura_vida
       joya{,s} copad{o,a,os,as} grosso grossa groso grosa grosos genio{,s} genia{,s} impecable{,s}
       rapidísim{o,a,os,as} lujo un_lujo de_lujo de_diez un_diez diez_puntos fenómeno fenomenal
       éxito{,s} exitos felicitaciones felicito enhorabuena bravo gracias_a_dios de_primera mil_puntos amo amamos adoro
       adoramos te_amo los_amo te_quiero te_quiero_mucho me_encanta me_encantan encanta encantan
       encantó encantaron encantaría buenísim{o,a,os,as} bárbar{o,a,os,as} la_rompe la_rompen la_rompiste
       la_rompieron la_re_rompe un_golazo golazo amor maravilla{,s} qué_lindo que_lindo qué_bueno
       que_bueno qué_genial que_genial increíble{,s} bien_ahí
       solucionó_el_problema solucionaron_el_problema resolvió_el_problema resolvieron_el_problema
       me_solucionaron me_solucionó me_resolvieron me_resolvió me_solucionó_el_problema
       me_solucionaron_el_problema me_resolvió_el_problema me_resolvieron_el_problema
       me_devolvieron devolvieron_lo_que_me_cobraron_de_más me_devolvieron_lo_que_me_cobraron_de_más
       me_reintegraron`,
    ],
    [
      2.5,
      `excelente{,s} genial{,es} maravillos{o,a,os,as} espectacular{,es} fantástic{o,a,os,as}
       magnífic{o,a,os,as} estupend{o,a,os,as} perfect{o,a,os,as} brillante{,s} fabulos{o,a,os,as}
       extraordinari{o,a,os,as} increíblemente_bien lo_mejor los_mejores el_mejor la_mejor felicísim{o,a}
       excelentísim{o,a} genialidad`,
    ],
  ],

  negators: [
    [3, `no nunca jamás tampoco nadie ni_siquiera para_nada en_absoluto`],
    [2, `ni nada ningún ninguno ninguna ningunos ningunas sin`],
    // Rioplatense "cero señal", "cero respuesta"; "poco amable" is a softened "no amable".
    [1, `cero poco poca pocos pocas`],
  ],

  negatedOnly: [
    [
      -2,
      `anda andan andaba andaban anduvo funciona funcionan funcionaba funcionaban funcionó sirve sirven
       sirvió servía`,
    ],
    [
      -1.5,
      `señal servicio internet conexión cobertura línea wifi respuesta{,s} responde{,n} respondieron
       respondió contesta{,n} contestaron contestó atiende{,n} atendieron atendió respondés contestás atendés banco banca bancan soluciona{,n} resuelven
       resuelve arreglan arreglaron conecta{,n} conectó carga{,n} cargaba llega{,n} llegó llegaron
       llego puedo podemos pude pudieron dejan deja funcionando andando bola dan_bola vuelve vuelven
       volvió luz datos llamadas llamar navegar pelota llegado`,
    ],
  ],

  intensifiers: [
    [1.6, `recontra requete re_re extremadamente sumamente increíblemente terriblemente`],
    [
      1.5,
      `re rre súper super mega ultra hiper demasiado demasiada demasiados demasiadas tremend{o,a,os,as}
       totalmente completamente absolutamente muy_muy bien_bien`,
    ],
    [1.4, `muy realmente verdaderamente tan tanto tanta mucho mucha muchos muchas`],
    [1.3, `bien bastante más re_contra`],
    [0.7, `algo casi relativamente`],
    [0.6, `un_poco un_poquito un_tanto medio media levemente ligeramente apenas`],
  ],

  contrast: `pero sin_embargo no_obstante`,
  concession: `aunque si_bien`,
  persistence: `todavía aún sigo seguimos sigue siguen desde desde_ayer desde_hace hace_días hace_horas
    hace_semanas hace_meses horas días semanas otra_vez de_nuevo nuevamente como_siempre siempre
    una_vez_más cada_vez_peor cada_vez_más`,
  discourse: `bueno buena buenas bien increíble increible`,
  greetings: `buen_día buen_dia buenos_días buenos_dias buenas_tardes buenas_noches`,
  courtesy: `gracias mil_gracias muchas_gracias desde_ya_gracias graciass grax por_favor porfa saludos`,
};
