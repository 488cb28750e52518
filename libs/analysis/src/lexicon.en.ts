import type { LexiconSource } from './lexicon';

/**
 * English sentiment lexicon, written for this project (MIT, like the rest of it).
 * General English plus how customers of a service company complain (on hold, dropped
 * calls, charged twice). Apostrophes are dropped by the tokenizer, hence "dont", "cant".
 */
export const LEXICON_EN: LexiconSource = {
  valence: [
    [
      -3.5,
      `worst horrible terrible awful disgusting pathetic unacceptable atrocious abysmal appalling dreadful
       horrendous disgraceful disgrace shameful nightmare{,s} scam{,s} scammer{,s} scammed fraud{,s}
       fraudulent ripoff rip_off ripped_off hate hated hates hating despise loathe worthless useless
       incompetent incompetence outrageous bullshit fuck_you screw_you never_again what_a_joke
       thanks_for_nothing thank_you_for_nothing a_joke`,
    ],
    [
      -3,
      `sucks suck sucked sucking crap crappy shitty shit furious livid ridiculous lousy unhelpful
       unprofessional rude rudest rudely disaster{,s} disastrous tragic tragedy liar{,s} lying lied
       stole stolen thieves thief robbery robbed overcharged overcharging charged_twice double_charged
       billed_twice stranded screwed ruined ruin ruins ruining trash garbage joke pissed pissed_off fed_up
       sick_of tired_of unreliable inexcusable infuriating infuriated disgusted horrid terribly
       awfully miserable misery wtf fml stupid idiot{,s} idiotic moron{,s} dumb shoddy negligence negligent debacle embarrassing embarrassed humiliating`,
    ],
    [
      -2.5,
      `bad poor poorly angry upset annoyed annoying frustrated frustrating frustration disappointed
       disappointing disappointment disappoint fail failed fails failing failure{,s} broken broke
       wasted waste wasting stuck mess messed chaos chaotic hell worse inadequate subpar mediocre
       ignored ignoring ignore{,s} mad sad sadly unhappy unfortunately regret{,s,ted} confusing
       nonsense insane lame dead died death kill{,s,ed,ing} war attack{,s,ed} violence violent
       dangerous danger threat{,s} crisis scared afraid fear{,s} hurt{,s} pain painful sick cry crying
       tears dirty gross filthy uncomfortable cramped shame pity problem{,s} issue{,s} error{,s} lie{,s} dirtiest flawed troubling aggravating aggravated unfriendly
       no_response no_answer no_reply dropped_calls dropped_call keeps_dropping keeps_crashing
       not_working stopped_working doesnt_work dont_work`,
    ],
    [
      -2,
      `delay{,s} delayed cancelled canceled cancellation{,s} lost lose losing missing missed late
       slow slowest slowly expensive overpriced pricey outage{,s} down_again dropped dropping
       disconnected disconnect{,s} crashed crash{,es,ing} glitch{,es} bug{,s} buggy unreliable fault
       faulty blame blamed mistake{,s} wrong incorrect complain complained complaining complaint{,s}
       inconvenience inconvenient hassle annoyance difficult impossible worried worry{,ing} concern{,ed}
       awkward ugh smh meh sigh boo booo damn dammit damnit hopeless helpless rubbish wait_time
       on_hold hold_time put_on_hold no_signal no_service no_internet no_wifi no_coverage no_help
       forever ages nobody_cares tired exhausted stressed stress{,ful} nervous anxious unable
       unclear lacking bogus sketchy shady poorer terrible_service bad_service crazy forced miss missing_my obsolete crabby argued argument hung_up is_down site_down system_down went_down keeps_failing`,
    ],
    [
      -1,
      `waiting wait{,ed} hours sorry apology apologize refund{,s} fee{,s} charge{,s,d} hike price_hike
       strange weird odd confused doubt{,s,ful} unfortunate lack hardly_ever still_waiting
       long_wait again_and_again cant_believe seriously would_be_nice would_have_been_nice could_be_better`,
    ],

    [0, `no_thanks no_thank_you my_bad`],
    [0.5, `wow would_love ok okay hope hopefully fine alright`],
    [
      1,
      `thank thx ty lol haha hahaha lmao rofl interesting safe nice_try welcome fair fast quick quickly laugh
       easy easily simple clean smooth comfortable useful important luck lucky yes win`,
    ],
    [
      1.5,
      `thanks good nicely decent solid fixed resolved solved sorted helped helpful friendly kind kindly
       good_morning good_afternoon good_evening
       polite courteous professional efficient responsive reliable worth worth_it recommend{,ed,s}
       smile{,s,d} hug{,s} cool sweet funny fun enjoy{,ed,ing,s} glad pleased proud happy_to
       better improved improving improvement{,s} working_again back_up back_online`,
    ],
    [
      2,
      `great nice lovely love{,d,s} loving like_it liked likes happy happier excited exciting thankful
       grateful appreciate{,d,s} appreciation kudos congrats congratulations props shoutout shout_out
       favorite favourite beautiful gorgeous pretty_good yay woohoo hooray wow impressive impressed
       delighted delight{,ful} blessed hero{,es} rock{,s} rocked rockstar{,s} you_rock smooth_flight
       thank_you thank_you_so_much thanks_so_much many_thanks much_appreciated top_notch on_point
       happiest well_done good_job great_job nice_job cutest friendliest nicest kindest fav delicious touched redeemed saved_the_day`,
    ],
    [
      2.5,
      `amazing awesome excellent fantastic wonderful outstanding perfect best brilliant superb incredible
       terrific fabulous phenomenal stellar exceptional marvelous marvellous spectacular flawless
       love_you love_it the_best best_ever above_and_beyond first_class world_class`,
    ],
  ],

  negators: [
    [
      3,
      `not no never dont doesnt didnt cant cannot wont isnt arent wasnt werent havent hasnt hadnt
       couldnt shouldnt wouldnt aint nor neither nobody no_one noone nothing none without lack_of
       unable_to`,
    ],
    [2, `hardly barely zero`],
  ],

  negatedOnly: [
    [-2, `work works working worked`],
    [
      -1.5,
      `load loading loads connect connecting connected answer answers answering answered respond responds responding
       responded response responses reply replied replies signal service internet wifi coverage
       help helping helped fix fixed resolve resolved arrive arrived call called care cares
       get_through got_through refund refunded update updated data calls texts power electricity water heat
       heating gas`,
    ],
  ],

  intensifiers: [
    [1.6, `extremely incredibly insanely ridiculously utterly absurdly`],
    [
      1.5,
      `super totally completely absolutely fucking freaking effing way_too
       beyond highly deeply`,
    ],
    [1.4, `very really so too such truly especially most damn mad`],
    [1.2, `pretty quite rather much more`],
    [0.7, `almost fairly somewhat`],
    [0.6, `a_bit a_little a_tad slightly kind_of kinda sort_of sorta mildly partly little_bit`],
  ],

  contrast: `but however nevertheless nonetheless`,
  concession: `although though even_though despite`,
  persistence: `still again yet_again since since_yesterday for_hours for_days for_weeks hours days
    weeks every_time always anymore any_longer`,
  greetings: `good_morning good_afternoon good_evening`,
  courtesy: `thanks thank thank_you thx ty please many_thanks thanks_so_much thank_you_so_much`,
};
