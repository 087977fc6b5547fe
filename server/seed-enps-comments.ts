import type { Theme } from "~/modules/sentiment/analyse";

/**
 * What demo leavers write in the exit survey's two open questions, in English and French: one
 * theme of the sentiment lexicon each (pay, manager, growth, workload, culture, remote, tools,
 * recognition), in the tone their score suggests. Written for the demo in the voice of real exit
 * comments (short, specific, sometimes mixed: "good team, but…").
 */

export type Tone = "negative" | "mixed" | "positive";
type Bank = Record<Theme, Record<Tone, readonly string[]>>;

/** "What should we change?" */
export const CHANGE_COMMENTS: Record<"en" | "fr", Bank> = {
  en: {
    pay: {
      negative: [
        "Salaries are well below the market. I was underpaid for two years and the yearly review never closed the gap.",
        "Pay. I got a 40% raise by moving, for the same job.",
        "The bonus scheme is opaque and nobody could explain how mine was calculated.",
      ],
      mixed: ["Benefits are decent, but base pay has not kept up with inflation at all."],
      positive: ["Keep the transparent salary bands, they are the fairest I have seen."],
    },
    manager: {
      negative: [
        "My manager micromanaged every ticket and never trusted the team to decide anything.",
        "Train managers before promoting them. Mine cancelled every one-to-one for six months.",
        "Feedback only came at the annual review, and it was a surprise every time.",
      ],
      mixed: ["My manager meant well but was overloaded and had no time for the team."],
      positive: ["My manager was the best I have had: honest, supportive and always there when it mattered."],
    },
    growth: {
      negative: [
        "There is no clear career path. I asked for two years what it would take to become senior and never got an answer.",
        "No training budget, no mentoring, no promotion in three years.",
      ],
      mixed: ["I learned a lot in my first year, but then the role stopped growing with me."],
      positive: [
        "Keep the mentoring programme, it made a real difference to me.",
        "Great place to learn. I am leaving for a role that does not exist here, not because of anything wrong.",
      ],
    },
    workload: {
      negative: [
        "The workload is not sustainable. Half the team is close to burnout and nobody above seems to notice.",
        "Stop adding projects without removing any. We were always firefighting.",
        "Constant overtime during every release, and on-call on top of it.",
      ],
      mixed: ["The work was interesting, but the hours were too long for too long."],
      positive: ["The four-day summer weeks were great, please keep them."],
    },
    culture: {
      negative: [
        "The culture became toxic after the reorganisation: blame, politics and closed doors.",
        "Decisions are made behind closed doors and announced without explanation.",
      ],
      mixed: ["Lovely colleagues, but the company lost its sense of direction this year."],
      positive: [
        "Wonderful people and a genuinely kind culture. I will miss the team a lot.",
        "Keep the all-hands where anyone can ask anything. That openness is rare.",
      ],
    },
    remote: {
      negative: [
        "The return-to-office mandate was the last straw: three days a week with a two-hour commute.",
        "Remote staff are second-class citizens in meetings. Fix the meeting rooms or stop pretending we are hybrid.",
      ],
      mixed: ["Flexible hours were great, but the office move made my commute impossible."],
      positive: ["The remote-first policy is excellent. It let me work here from another city for three years."],
    },
    tools: {
      negative: [
        "Our laptops are five years old and the build takes forty minutes. It is frustrating.",
        "Too many tools that do not talk to each other. I spent hours a week copying data between them.",
      ],
      mixed: ["Good tools for engineering, terrible ones for everything administrative."],
      positive: ["Good equipment and modern tools, nothing to complain about there."],
    },
    recognition: {
      negative: [
        "Nobody ever said thank you. The work that kept the lights on was invisible.",
        "Credit always went to the people who presented, never to the people who did the work.",
      ],
      mixed: ["Recognition depends entirely on your manager: some teams celebrate, mine never did."],
      positive: ["I always felt appreciated. The peer awards are a lovely touch."],
    },
  },
  fr: {
    pay: {
      negative: [
        "Les salaires sont bien en dessous du marché. J'étais sous-payé depuis deux ans.",
        "La rémunération, clairement. On me propose 30 % de plus ailleurs pour le même poste.",
        "Les augmentations annuelles ne suivent même pas l'inflation.",
      ],
      mixed: ["Les avantages sont corrects, mais le salaire fixe n'a pas bougé en trois ans."],
      positive: ["Gardez la grille salariale transparente, c'est très appréciable."],
    },
    manager: {
      negative: [
        "Mon manager faisait de la microgestion permanente et ne faisait confiance à personne.",
        "Formez les managers avant de les nommer. Le mien annulait tous nos points individuels.",
        "Aucun retour pendant un an, puis des reproches à l'entretien annuel.",
      ],
      mixed: ["Mon manager était bienveillant mais complètement débordé."],
      positive: ["Ma manager était exceptionnelle : exigeante, juste et toujours disponible."],
    },
    growth: {
      negative: [
        "Aucune perspective d'évolution. J'ai demandé pendant deux ans comment passer senior, sans réponse.",
        "Pas de formation, pas de mentorat, pas de promotion en trois ans.",
      ],
      mixed: ["J'ai beaucoup appris au début, mais le poste a cessé d'évoluer."],
      positive: [
        "Le programme de mentorat est excellent, gardez-le.",
        "Une très bonne école. Je pars pour un poste qui n'existe pas ici, pas par mécontentement.",
      ],
    },
    workload: {
      negative: [
        "La charge de travail est intenable. Plusieurs collègues sont au bord de l'épuisement.",
        "On ajoute des projets sans jamais en retirer. On passait notre temps à éteindre des incendies.",
        "Des heures supplémentaires à chaque mise en production, et des astreintes en plus.",
      ],
      mixed: ["Le travail était passionnant, mais le rythme trop soutenu depuis trop longtemps."],
      positive: ["L'équilibre entre vie professionnelle et vie personnelle est vraiment respecté ici."],
    },
    culture: {
      negative: [
        "L'ambiance est devenue toxique après la réorganisation : rumeurs, politique et méfiance.",
        "Les décisions tombent d'en haut sans aucune explication.",
      ],
      mixed: ["Des collègues formidables, mais l'entreprise a perdu son cap cette année."],
      positive: [
        "Une équipe formidable et une vraie bienveillance au quotidien. Vous allez me manquer.",
        "Gardez les réunions ouvertes où chacun peut poser ses questions, c'est précieux.",
      ],
    },
    remote: {
      negative: [
        "Le retour obligatoire au bureau trois jours par semaine, avec deux heures de trajet, a été décisif.",
        "Le télétravail a été réduit sans concertation. C'est dommage.",
      ],
      mixed: ["Les horaires souples étaient appréciables, mais le déménagement des bureaux a tout compliqué."],
      positive: ["La politique de télétravail est excellente, elle m'a permis de vivre en région."],
    },
    tools: {
      negative: [
        "Les ordinateurs sont vieux et lents, et les outils internes sont une vraie perte de temps.",
        "Trop d'outils qui ne communiquent pas entre eux. Beaucoup de ressaisie inutile.",
      ],
      mixed: ["De bons outils pour les développeurs, mais des logiciels administratifs d'un autre âge."],
      positive: ["Du bon matériel et des outils modernes, rien à redire."],
    },
    recognition: {
      negative: [
        "Aucune reconnaissance du travail accompli. Personne ne dit jamais merci.",
        "Le mérite revient toujours à ceux qui présentent, jamais à ceux qui font.",
      ],
      mixed: ["La reconnaissance dépend entièrement du manager : certaines équipes fêtent leurs succès, pas la mienne."],
      positive: ["Je me suis toujours sentie reconnue et valorisée. Merci pour tout."],
    },
  },
};

/** "What would have made you stay?" (asked when the score is 6 or less). */
export const STAY_COMMENTS: Record<"en" | "fr", Record<Theme, string>> = {
  en: {
    pay: "A salary in line with the market, without having to threaten to leave to get it.",
    manager: "A manager who listens and gives regular, honest feedback.",
    growth: "A clear path to the next level, and a budget to train for it.",
    workload: "A realistic workload, and hiring when the team is stretched.",
    culture: "Being told the truth about the reorganisation instead of hearing rumours.",
    remote: "Keeping two days of remote work a week.",
    tools: "A working laptop and fewer tools to juggle.",
    recognition: "Some recognition for the extra work during the migration.",
  },
  fr: {
    pay: "Un salaire aligné sur le marché, sans devoir menacer de partir pour l'obtenir.",
    manager: "Un manager à l'écoute, avec des retours réguliers et sincères.",
    growth: "Un vrai plan de carrière et un budget de formation.",
    workload: "Une charge de travail réaliste, et des recrutements quand l'équipe est débordée.",
    culture: "De la transparence sur la réorganisation plutôt que des rumeurs.",
    remote: "Garder deux jours de télétravail par semaine.",
    tools: "Un ordinateur qui fonctionne et moins d'outils à jongler.",
    recognition: "Un peu de reconnaissance pour le travail fourni pendant la migration.",
  },
};
