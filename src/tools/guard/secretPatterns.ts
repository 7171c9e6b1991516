/**
 * Files that hold credentials in real repositories. The tools refuse them in every tool and
 * every spelling, whatever `flux.tools.exclude`, `files.exclude` or any other setting says: a
 * repository's own settings are untrusted input and must not be able to switch this off.
 * Matched like every exclusion (`compileGlob`: any depth, any case, a folder hides its contents),
 * and also after trailing dots and spaces are dropped from each segment, as Windows drops them.
 */
export const secretPatterns: readonly string[] = Object.freeze([
	// Environment files: .env, .env.local, .env.production, .envrc
	'**/.env*',
	// Login and registry tokens
	'**/.git-credentials',
	'**/.netrc',
	'**/_netrc',
	'**/.npmrc',
	'**/.pypirc',
	'**/.pgpass',
	// SSH: private keys (and their .pub siblings, which name the key) and the whole .ssh folder
	'**/id_rsa*',
	'**/id_ecdsa*',
	'**/id_ed25519*',
	'**/id_dsa*',
	'**/.ssh',
	// Keys, certificates and key stores
	'**/*.pem',
	'**/*.key',
	'**/*.p12',
	'**/*.pfx',
	'**/*.jks',
	'**/*.keystore',
	// Terraform state holds every secret of the infrastructure; tfvars usually hold its inputs.
	'**/*.tfstate*',
	'**/*.tfvars',
	'**/*.tfvars.json',
	// Cloud and container credentials
	'**/.kube/config',
	'**/.docker/config.json',
	'**/.aws/credentials',
	'**/credentials.json',
	'**/secrets.*',
	// Google service-account keys: service-account.json, my-service_account-key.json, serviceAccountKey.json
	'**/*service?account*.json',
	'**/*serviceaccount*.json',
]);

/**
 * Not secrets, but never worth a model's reading and huge: always excluded too, whatever the
 * settings say, since `flux.tools.exclude` only adds patterns.
 */
export const alwaysExcludedPatterns: readonly string[] = Object.freeze([
	'**/.git',
	'**/node_modules',
]);

/** `-----BEGIN RSA PRIVATE KEY-----`, `-----BEGIN OPENSSH PRIVATE KEY-----`, `-----BEGIN PGP PRIVATE KEY BLOCK-----`... */
const privateKeyBlock = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const serviceAccountType = /"type"\s*:\s*"service_account"/;

/**
 * Credentials in a file whose name says nothing: a private key pasted into a config file, or a
 * Google service-account key as it is downloaded (`my-project-1a2b3c4d5e6f.json`). read_file and
 * search_text refuse a file whose text holds one, as they refuse a secret file by its name.
 */
export function holdsSecretContent(bytes: Uint8Array): boolean {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// Cheap byte searches first: almost no file holds either marker.
	if (buffer.includes('PRIVATE KEY') && privateKeyBlock.test(buffer.toString('latin1'))) return true;
	return buffer.includes('"private_key"') && serviceAccountType.test(buffer.toString('utf8'));
}

/**
 * `holdsSecretContent` for text already decoded: an open editor's document, with its unsaved
 * changes. Attachments check a document's whole text with it, as read_file checks the whole file.
 */
export function holdsSecretText(text: string): boolean {
	if (text.includes('PRIVATE KEY') && privateKeyBlock.test(text)) return true;
	return text.includes('"private_key"') && serviceAccountType.test(text);
}
