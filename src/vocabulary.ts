/** Which words the API speaks (CONVEYOR_API_VOCABULARY): Conveyor's own (the default), or the previous system's. */
export const VOCABULARIES = ['conveyor', 'legacy'] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];
