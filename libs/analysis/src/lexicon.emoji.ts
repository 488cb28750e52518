/**
 * Emoji and emoticon valences, the same in every language. Keys are single code points
 * (the tokenizer drops variation selectors and skin tones) or emoticons as the tokenizer
 * emits them.
 */
const GROUPS: readonly (readonly [number, string])[] = [
  [3, '😍 🥰 😻 💯 🏆 🥳 🤩'],
  [2.5, '❤ 💕 💖 💗 💓 💞 💘 💝 💙 💚 💛 💜 🧡 🤍 😘 🎉 🎊 👏 🙌 😁 😄 😃 😀 😊 ☺ 😆 🤗 💪 👌 🌟 ⭐ ✨ 😎 🥹'],
  [2, '👍 🙂 😉 😋 😇 😂 🤣 😹 ✅ 🔝 🙏 🎈 🎁 🌹 🌸 💐 ☀ 🌞 🍀 😌 🫶'],
  [1, '😅 🔥 😏 😜 😝 😛 🤑 🆗'],
  [-0.5, '🤔 😶 😐 😑 🫤 😴 🥲 ⚠ ⏳ ⌛'],
  [-1.5, '😕 🙁 😟 😬 🤦 🤷 😪 😓 🐢 ❌ 🚫 📉 🙃 😮 😯 😲'],
  [-2, '☹ 😞 😔 😒 🙄 😣 😖 😥 😰 😨 😧 😦 😿 👎 💩 🤡 🥱 😵 🤯'],
  [-2.5, '😠 😤 😩 😫 😢 😭 😱 💔 🤢 🤮 🖕 😡 🤬 💀 ☠'],
];

const EMOTICON_GROUPS: readonly (readonly [number, string])[] = [
  [2.5, ':D :-D =D ;D xD XD xd <3'],
  [2, ':) :-) =) ;) ;-) (: :] ^^ ^_^ :P :p :-P :-p ;p :3'],
  [-1.5, ':/ :-/ :| :-| -_- -.- :S :s u.u u_u :o :O'],
  [-2, ':( :-( =( ;( :[ ): :c'],
  [-2.5, ":'( :’( T_T </3 >:( :@ D:"],
];

function build(groups: readonly (readonly [number, string])[]): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (const [valence, list] of groups) {
    for (const item of list.split(/\s+/)) if (item !== '') map.set(item, valence);
  }
  return map;
}

export const EMOJI_VALENCE: ReadonlyMap<string, number> = build(GROUPS);
export const EMOTICON_VALENCE: ReadonlyMap<string, number> = build(EMOTICON_GROUPS);
/** The emoji of courtesy ("please", "thanks"): politeness, not praise, in a post that asks something. */
export const COURTESY_EMOJI: ReadonlySet<string> = new Set(['🙏']);
