/** The logging the core needs; VS Code's LogOutputChannel satisfies it as it is. */
export interface Logger {
	trace(message: string, ...args: unknown[]): void;
	debug(message: string, ...args: unknown[]): void;
	info(message: string, ...args: unknown[]): void;
	warn(message: string, ...args: unknown[]): void;
	error(message: string | Error, ...args: unknown[]): void;
}

/** For callers that have nowhere to log to (tests, benchmarks). */
export const silentLogger: Logger = {
	trace() {}, debug() {}, info() {}, warn() {}, error() {},
};
