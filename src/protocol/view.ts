/** The view itself and what it asks of the editor around it: (re)loading, standing notices about this window, links, and code blocks copied, inserted or applied. Types only. */

/** What the host sends to the view about this area. */
export type ViewHostMessage =
	| ViewNotices
	| ViewSetup;

/** What the view sends to the host about this area. */
export type ViewWebviewMessage =
	| ViewReady
	| ViewNoticeChosen
	| ViewSetupChosen
	| CodeAction
	| LinkOpen;

// ---- host -> webview -----------------------------------------------------------------------

/**
 * One-line notes about this window that stand above the transcript until they no longer hold
 * or the user dismisses them: Restricted Mode, or workspace settings that were ignored. Sent
 * after every snapshot and whenever they change; an empty list clears them.
 */
export interface ViewNotices {
	readonly type: 'view/notices';
	readonly notices: readonly ViewNotice[];
}

/**
 * Whether a FluxRouter key is still missing: the empty chat then offers Set API Key and the
 * walkthrough. Sent after every snapshot and whenever the stored key changes.
 */
export interface ViewSetup {
	readonly type: 'view/setup';
	readonly needsKey: boolean;
}

// ---- webview -> host -----------------------------------------------------------------------

/** The webview has loaded its script and wants a full snapshot. Sent on every (re)load. */
export interface ViewReady {
	readonly type: 'view/ready';
}

/** The user clicked a notice's button, or dismissed it for the rest of this window's life. */
export interface ViewNoticeChosen {
	readonly type: 'view/noticeAction';
	readonly id: ViewNoticeId;
	readonly action: ViewNoticeAction | 'dismiss';
}

/** The user clicked one of the empty chat's first steps; the host runs the command. */
export interface ViewSetupChosen {
	readonly type: 'view/setupAction';
	readonly action: SetupAction;
}

/**
 * Copy a reply or code block, insert a code block at the cursor of the active editor, or apply
 * it to the editor's selection through a diff preview.
 */
export interface CodeAction {
	readonly type: 'code/copy' | 'code/insert' | 'code/apply';
	readonly text: string;
}

/** A link in a reply was clicked; the host opens http(s) links only. */
export interface LinkOpen {
	readonly type: 'link/open';
	readonly href: string;
}

// ---- what the messages carry ---------------------------------------------------------------

export type ViewNoticeId = 'restricted' | 'ignoredSettings';

/** What a notice's button does; the host decides how. */
export type ViewNoticeAction = 'manageTrust' | 'openUserSettings';

/** The first steps the empty chat offers without a key: "Flux: Set API Key", "Flux: Open Walkthrough". */
export type SetupAction = 'setApiKey' | 'openWalkthrough';

export interface ViewNotice {
	readonly id: ViewNoticeId;
	/** Short enough for one line of a narrow sidebar. */
	readonly text: string;
	/** The whole story, shown on hover. */
	readonly detail?: string;
	readonly action?: ViewNoticeAction;
}
