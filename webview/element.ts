import type { ViewAction } from './viewActions';

/** Attributes to set, those with an undefined value skipped; `data-action` goes through `action`, typed. */
export type Attributes = Readonly<Record<string, string | undefined>> & { readonly 'data-action'?: never };

/** What `element` sets on a new element. */
export interface ElementProps {
	readonly className?: string;
	readonly text?: string;
	readonly hidden?: boolean;
	/** What a click on it does (its `data-action`). */
	readonly action?: ViewAction;
	readonly attrs?: Attributes;
}

export type Child = Node | string | false | null | undefined;

/** Creates an element; text goes in as text, never as markup. */
export function element(doc: Document, tag: string, props: ElementProps = {}, children: readonly Child[] = []): HTMLElement {
	const node = doc.createElement(tag);
	if (props.className) node.className = props.className;
	if (props.text !== undefined) node.textContent = props.text;
	if (props.hidden) node.hidden = true;
	if (props.action) node.setAttribute('data-action', props.action);
	for (const [name, value] of Object.entries(props.attrs ?? {})) if (value !== undefined) node.setAttribute(name, value);
	for (const child of children) if (child) node.append(child);
	return node;
}

/** A codicon, hidden from screen readers: the control around it carries the name. */
export function icon(doc: Document, name: string, extra = ''): HTMLElement {
	return element(doc, 'span', { className: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, attrs: { 'aria-hidden': 'true' } });
}

export interface ButtonProps {
	/** Accessible name; also the tooltip, and the visible text unless `iconOnly`. */
	readonly label: string;
	readonly icon?: string;
	readonly action: ViewAction;
	readonly appearance?: 'primary' | 'secondary' | 'icon';
	readonly attrs?: Attributes;
	readonly hidden?: boolean;
}

/**
 * A toolkit button. Clicks are handled by one delegated listener that reads `data-action`,
 * so buttons created while streaming need no wiring of their own.
 */
export function button(doc: Document, props: ButtonProps): HTMLElement {
	const appearance = props.appearance ?? 'secondary';
	const iconOnly = appearance === 'icon';
	const children: Child[] = [];
	if (props.icon) {
		const glyph = icon(doc, props.icon);
		if (!iconOnly) glyph.setAttribute('slot', 'start');
		children.push(glyph);
	}
	if (!iconOnly) children.push(props.label);
	return element(doc, 'vscode-button', {
		hidden: props.hidden,
		action: props.action,
		attrs: {
			appearance,
			'aria-label': props.label,
			title: props.label,
			...props.attrs,
		},
	}, children);
}
