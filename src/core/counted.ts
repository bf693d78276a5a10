/** A count with its noun agreeing: "1 word", "2 words", "1 criterion", "3 criteria". */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
