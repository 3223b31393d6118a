/** The item's User Token is empty, or in the editor only an expression: nothing to act as. */
export class UserTokenError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'UserTokenError';
	}
}
