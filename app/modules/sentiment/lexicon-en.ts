/**
 * What this project adds to the VADER lexicon for English comments about work (valences on VADER's
 * −4…+4 scale). Words VADER lacks or rates for another domain, and phrases whose meaning is not the
 * sum of their words ("sad to leave" in a farewell is praise; "could be better" is a complaint).
 */
export const WORKPLACE_EN: Readonly<Record<string, number>> = {
  burnout: -2.8, "burn-out": -2.8, "burned out": -2.8, "burnt out": -2.8, underpaid: -2.3, overworked: -2.3, overwork: -2,
  micromanaged: -2.3, micromanagement: -2.2, micromanaging: -2.2, micromanager: -2.2, toxic: -2.8, mentoring: 1.8, mentor: 1.4,
  mentored: 1.6, flexibility: 1.7, flexible: 1.5, supportive: 2.2, understaffed: -1.8, understaffing: -1.8, "short-staffed": -1.8,
  favouritism: -2.2, favoritism: -2.2, nepotism: -2.2, bureaucracy: -1.3, bureaucratic: -1.3, "red tape": -1.3, chaotic: -1.8,
  chaos: -1.2, disorganised: -1.8, disorganized: -1.8, undervalued: -2.2, unappreciated: -2.2, unrecognised: -2, unrecognized: -2,
  invisible: -1.2, valued: 1.8, appreciated: 2, recognised: 1.6, recognized: 1.6, recognition: 1.4, demotivated: -2, demotivating: -2,
  motivating: 1.8, inclusive: 1.8, collaborative: 1.8, siloed: -1.4, transparent: 1.4, unsustainable: -2, unrealistic: -1.5,
  crushing: -2.2, exhausting: -2.2, exhausted: -2.2, clunky: -1.4, buggy: -1.5, outdated: -1.2, slow: -0.8, noisy: -1,
  rewarding: 2, autonomy: 1.2, welcoming: 2, caring: 2, "work-life balance": 1.5, "work life balance": 1.5, meaningless: -2,
  repetitive: -1.2, bored: -1.4, boring: -1.4, stuck: -1.5, "dead-end": -2, "dead end": -2, firefighting: -1.2, inconsistent: -1,
  bullied: -3, bullying: -3, harassment: -3, harassed: -3, confusing: -1.2, confusion: -1.2, mess: -1.6, brutal: -2.2,
  crashed: -1.2, crashes: -1.2, "long hours": -1.2, "late evenings": -1, "too many": -1, "too much": -1, "not enough": -1,
  overtime: -0.6, reorgs: -1, generous: 2, decent: 1, fine: 0.8, okay: 0.6, ok: 0.6, stable: 0.8, reasonable: 0.8, fair: 1.3,
  unfair: -2, competitive: 0.8, convenient: 1.2, comfortable: 1.4, achievable: 1, ambitious: 0.6, promoted: 1.8, promotion: 0.6,
  "pay rise": 1, raise: 0.3, terrible: -2.8, nightmare: -2.8, "dream job": 3, "worst job": -3, "never again": -2.2,
  "sad to leave": 1.6, "miss everyone": 1.8, "miss this team": 1.8, "going to miss": 1.8, "will miss": 1.8, "i'll miss": 1.8,
  "could be better": -1.2, "could be worse": 0.6, "no complaints": 1.4, "no complaint": 1.4, "not bad": 1.2, "not too bad": 1,
  "no problem": 0.8, "nothing to add": 0, "thank you": 1.4, thanks: 1.2, "a joke": -1.8, "wore me down": -2.2, "wore down": -2, "worn out": -2.2, "fed up": -2.2, "hit targets": 0, "took credit": -1.8,
  "behind closed doors": -1.5, "wrong direction": -1.6, "good direction": 1.4,
  "ftw": 2, tbh: 0,
  disconnected: -1.4, frozen: -0.8, ignored: -1.8, dismissive: -2, meh: -0.6, "stood by me": 1.8, "fought for": 1,
  "came through": 1, finally: 0.4, "a plus": 1.2, "real plus": 1.6, lucky: 1.8, grateful: 2.2,
  // Topics, not feelings, in comments about work (VADER rates them positive): "the bonus scheme is
  // opaque" is a complaint about pay, not praise.
  bonus: 0, bonuses: 0, credit: 0, opaque: -1.5, "below market": -1.8, "below the market": -1.8, "too late": -1.2,
  "nobody could explain": -1.2, "nobody explained": -1.2, "never explained": -1.2, "never told": -1.2,
};
