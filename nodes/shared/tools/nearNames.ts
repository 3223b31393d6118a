/** Up to `limit` names that look like `name`, best first: for "did you mean" hints. */
export function nearNames(name: string, candidates: string[], limit = 3): string[] {
	const wanted = name.toLowerCase();
	return candidates
		.map((candidate) => {
			const lower = candidate.toLowerCase();
			const contains = lower.includes(wanted) || wanted.includes(lower);
			return { candidate, score: contains ? 0 : editDistance(wanted, lower) };
		})
		.filter(({ score }) => score <= Math.max(3, Math.floor(wanted.length / 3)))
		.sort((a, b) => a.score - b.score)
		.slice(0, limit)
		.map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length];
}
