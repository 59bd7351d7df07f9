/** AMQP topic matching: `*` is exactly one word, `#` zero or more, words split on dots. */
export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split('.');
  const t = topic.split('.');
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === t.length;
    if (p[i] === '#') {
      for (let k = j; k <= t.length; k++) if (match(i + 1, k)) return true;
      return false;
    }
    if (j === t.length) return false;
    return (p[i] === '*' || p[i] === t[j]) && match(i + 1, j + 1);
  };
  return match(0, 0);
}
