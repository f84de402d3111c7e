/** The arithmetic of orchestration's child workflows: the work each child hands to a worker. */

export async function addOne(value: number): Promise<number> {
  return value + 1;
}

export async function multiplyByTwo(value: number): Promise<number> {
  return value * 2;
}

export async function sumValues(values: number[]): Promise<number> {
  return values.reduce((total, value) => total + value, 0);
}
