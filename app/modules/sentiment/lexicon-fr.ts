/**
 * French words and phrases this project adds to the French AFINN translation (valences on VADER's
 * −4…+4 scale): everyday words the translation lacks or renders oddly ("bon", "nul", "déçu",
 * "merci"), the workplace vocabulary of exit and alumni comments, and phrases whose meaning is not
 * the sum of their words ("pas mal" is praise, "pas terrible" a complaint, "le cœur gros" in a
 * farewell is fondness). Adjectives are listed once: the look-up also tries the masculine singular of
 * feminine and plural forms.
 */
export const CORE_FR: Readonly<Record<string, number>> = {
  bon: 1.9, bien: 1.6, mieux: 1.5, meilleur: 2.2, super: 2.4, top: 2.2, génial: 3, géniaux: 3, excellent: 3, parfait: 2.8,
  formidable: 3, merveilleux: 3.2, incroyable: 2.6, extraordinaire: 3, magnifique: 3, sympa: 1.8, sympathique: 1.8, agréable: 2,
  chaleureux: 2.3, adorable: 2.6, cool: 1.5, content: 2, heureux: 2.6, ravi: 2.6, satisfait: 1.8, fier: 2, enchanté: 2.4,
  épanoui: 2.4, épanouissant: 2.4, passionnant: 2.4, intéressant: 1.6, stimulant: 1.8, inspirant: 2.2, motivant: 1.9, motivé: 1.6,
  gratifiant: 2.2, enrichissant: 2.3, humain: 1.4, humaines: 1.4, accueillant: 2, convivial: 1.9, conviviale: 1.9, drôle: 1.4,
  merci: 1.6, remercie: 1.6, remercier: 1.6, bravo: 2.4, chance: 1.4, plaisir: 2.3, aventure: 0.8, rêve: 2, adore: 3, adoré: 3,
  adorais: 3, adorer: 3, aime: 2.4, aimé: 2.2, aimais: 2.2, aimer: 2.2, apprécié: 2, apprécie: 2, appréciais: 2, apprécier: 2,
  recommande: 1.8, recommanderais: 1.8, recommander: 1.6, pratique: 1.2, clair: 1, claire: 1, correct: 0.8, raisonnable: 0.8,
  stable: 0.8, juste: 1.2, généreux: 2, lumineux: 1.4, confortable: 1.4, plus: 0,
  mauvais: -2.2, nul: -2.5, nulle: -2.5, pire: -3, horrible: -2.8, affreux: -2.8, catastrophique: -3, catastrophe: -2.8,
  désastreux: -3, déplorable: -2.6, lamentable: -2.6, scandaleux: -2.8, honteux: -2.6, inadmissible: -2.6, inacceptable: -2.5,
  insupportable: -2.6, intenable: -2.3, invivable: -2.6, pénible: -1.8, désagréable: -2, méprisant: -2.6, mépris: -2.5,
  déçu: -2, décevant: -2, déception: -2, triste: -2, malheureux: -2.2, ennuyeux: -1.5, ennui: -1.4, ennuie: -1.4,
  ennuyais: -1.4, ennuyé: -1.4, répétitif: -1.2, lent: -1, lenteur: -1.2, lourd: -1, lourdeur: -1.3, lourdeurs: -1.3,
  bruyant: -1, confus: -1.2, flou: -1.2, injuste: -2.2, inéquitable: -2, ridicule: -2, ridicules: -2, écrasant: -2.2,
  irréaliste: -1.6, irréalistes: -1.6, stress: -1.7, stressé: -1.7, stressant: -1.9, stressante: -1.9, épuisant: -2.4,
  épuisé: -2.4, épuisement: -2.6, fatigué: -1.8, fatigant: -1.8, usé: -2, usée: -2, usant: -2, marre: -2, écœuré: -2.6,
  dégoûté: -2.6, déteste: -3, détestais: -3, détester: -3, haine: -3, peur: -1.8, panne: -1.2, plante: -1.3, plantent: -1.3,
  planté: -1.3, buggaient: -1.5, bugs: -1.3, chaos: -1.2, chaotique: -1.8, bloqué: -1.5, bloquée: -1.5, invisible: -1.2,
  faible: -1, bof: -0.8, moyen: -0.3, problème: -1.6, soucis: -1.2, blague: -1, cauchemar: -2.8, cauchemardesque: -2.8,
  perdre: -0.8, refusé: -1.4, supprimé: -1.2, supprimée: -1.2, gelés: -1, gelé: -1, cloisonnées: -1.4, cloisonné: -1.4,
  vide: -1, sanctionnée: -1.6, sanctionné: -1.6, manquer: 0, promis: 0,
};

export const WORKPLACE_FR: Readonly<Record<string, number>> = {
  "burn-out": -2.8, burnout: -2.8, "sous-payé": -2.3, "sous-payée": -2.3, "mal payé": -2, "mal payée": -2, surchargé: -2,
  surchargée: -2, surcharge: -2, débordé: -1.8, débordée: -1.8, microgestion: -2.2, "micro-management": -2.2, "micromanagement": -2.2,
  fliqué: -2.2, fliquée: -2.2, toxique: -2.8, bienveillance: 2.3, bienveillant: 2.3, bienveillante: 2.3, bienveillantes: 2.3,
  télétravail: 0.8, flexibilité: 1.7, flexible: 1.5, flexibles: 1.5, souplesse: 1.5, reconnaissance: 1.5, reconnu: 1.6,
  reconnue: 1.6, valorisé: 1.8, valorisée: 1.8, valorisait: 1.8, valorisant: 1.8, dévalorisé: -2.2, dévalorisée: -2.2,
  harcèlement: -3, "sous-effectif": -1.8, réorganisations: -0.8, réunionite: -1.6, copinage: -2.2, favoritisme: -2.2,
  entraide: 2, entraidaient: 1.8, solidaire: 2, soutien: 1.6, soutenu: 1.6, soutenue: 1.6, "à l'écoute": 2, écoutée: 1.4,
  écouté: 1.4, écoutés: 1.4, mentorat: 1.8, mentor: 1.4, autonomie: 1.2, confiance: 1.4, transparente: 1.4, transparent: 1.4,
  transparence: 1.4, déconnectée: -1.4, déconnecté: -1.4, obsolète: -1.3, vieillissants: -1, vétuste: -1.3, démotivé: -2,
  démotivée: -2, promu: 1.8, promue: 1.8, augmentée: 1, augmenté: 1, célébrée: 1.8, célébrées: 1.8, fêtées: 1.8,
  opaque: -1.5, opaques: -1.5, "en dessous du marché": -1.8, "sous le marché": -1.8, "trop tard": -1.2, "aucune perspective": -1.8,
  "trop de": -1, "pas assez": -1, "beaucoup trop": -1.3, "pas mal": 1.2, "pas mal de": 0, "pas terrible": -1.4,
  "pas terribles": -1.4, "pas de souci": 0.8, "pas de problème": 0.8, "sans problème": 0.8, "rien à redire": 1.6,
  "rien à dire": 0, "rien à ajouter": 0, "sans plus": -0.4, "plus jamais": -2.2, "comme d'hab": -0.4,
  "va me manquer": 1.8, "vont me manquer": 1.8, "allez me manquer": 1.8, "me manquer": 1.6, "cœur gros": 1.4,
  "pourrait être mieux": -1.2, "pourrait être pire": 0.6, "aurait pu être": -1, "vrai plus": 1.6, "un plus": 1.2,
  "longues journées": -1.2, "soirées tardives": -1, "éteindre des incendies": -1.2, "en panne": -1.4, "de rêve": 2.6,
  "mauvaise direction": -1.6, "bonne direction": 1.4, "pour rien": -0.8, "vide de sens": -2, "s'en fiche": -1.8,
  "s'en est soucié": 1, "tout le monde s'en fiche": -2, mdr: 0.6, "prises au sérieux": 1.6, "pris au sérieux": 1.6,
  "une blague": -1.8, "d'une lenteur": -1.6, "le cœur gros": 1.4, "sans hésiter": 1.2, "avec plaisir": 2,
};
