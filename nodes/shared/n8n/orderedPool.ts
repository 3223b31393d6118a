/**
 * Runs `task(0..count-1)` with at most `concurrency` at a time. Results are the task's
 * business (callers write them by index, so order is kept whatever finishes first).
 * After a failure no new task starts; the running ones finish, then the failure of the
 * lowest index is thrown, the same one a sequential run would have stopped at.
 */
export async function forEachLimited(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const failures: Array<{ index: number; error: unknown }> = [];
	const worker = async () => {
		while (next < count && failures.length === 0) {
			const index = next++;
			try {
				await task(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
	if (failures.length) throw failures.reduce((first, f) => (f.index < first.index ? f : first)).error;
}
