/** Temporal clamps fairness weights to this range: a weight outside it would not do what it says. */
export const FAIRNESS_WEIGHT_MIN = 0.001;
export const FAIRNESS_WEIGHT_MAX = 1000;
