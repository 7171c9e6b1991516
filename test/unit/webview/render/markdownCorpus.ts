/** Replies in the shapes models write them: every markdown construct the view renders. */
export const markdownCorpus: readonly string[] = [
	'Hello! How can I help you today?',

	'# Getting started\n\nInstall the package, then import it:\n\n```bash\nnpm install left-pad\n```\n\nThat is all.',

	'Here is a **bold** claim, an *emphasised* one, some `inline code`, ~~struck~~ text and a [link](https://example.com "Example").\nA second line in the same paragraph, with a bare URL https://code.visualstudio.com/api and mail@example.com.',

	'## Steps\n\n1. Open the file.\n2. Find the `main` function.\n3. Replace it with:\n   ```ts\n   export function main(): void {\n   \tconsole.log("hi");\n   }\n   ```\n4. Save.\n\nDone.',

	'Setext heading\n==============\n\nAnd a smaller one\n-----------------\n\nText after.',

	'- tight item one\n- tight item two\n  - nested item\n  - another nested **bold** item\n- back to the top\n\nAfter the list.',

	'- loose item one\n\n- loose item two\n\n  with a second paragraph\n\n- loose item three\n\nParagraph.',

	'3. starts at three\n4. then four\n\n10) different delimiter\n11) eleven',

	'| Name | Type | Default |\n|:-----|:----:|--------:|\n| `size` | number | 10 |\n| `name` | string | "flux" |\n| `flag` | boolean |\n\nThe table ends here.',

	'> A quote with **emphasis**\n> that spans two lines.\n>\n> - and a list\n> - inside it\n\nThen prose.',

	'```python\ndef fib(n):\n    """Return the nth Fibonacci number."""\n    a, b = 0, 1\n\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```\n\n```\nplain block without a language\n```\n\n~~~go\nfunc main() {\n\tfmt.Println("tilde fence")\n}\n~~~',

	'````markdown\nA fence that shows a fence:\n\n```js\nconsole.log(1);\n```\n````\n\nAfter.',

	'Text right before a fence\n```json\n{ "a": [1, 2, 3], "b": null }\n```\nText right after it.',

	'Line with a hard break  \nnext line, and a backslash break\\\nlast line.\n\n---\n\n***\n\nAfter rules.',

	'Entities &amp; &copy; &#169; and <div>html-looking text</div> stay text. 5 < 6 > 4.',

	'    indented code block\n    second line\n\nParagraph after indented code.',

	'Unicode: café, naïve, 日本語のテキスト, emoji 🎉🚀, Ελληνικά — and “curly quotes” … done.',

	'An image ![diagram](https://example.com/d.png) inline, and a [reference link][ref].\n[ref]: https://example.com/ref',

	'Windows\r\nline endings\r\n\r\nin two paragraphs.\r\n',

	'Intro paragraph.\n\n```ts\nconst open = "this fence never closes";\nfunction f() {\n\n  return 1;\n}',

	'1. **Install**: run `npm i`.\n\n   Then check the version:\n\n   ```sh\n   npx flux --version\n   ```\n\n2. **Configure** the key.\n\n3. **Run** it.',

	'Numbers like 3.14, e.g. this, version 1.2.3, time 10:30, and a path src/main.ts: all plain.\nfoo.bar() and example.com and https://x.org/a_b_(c) too.',

	'| a | b |\n|---|---|\n| one | two |\nthree | four\n| five |\n\n| single |\n|--------|\n| cell   |',

	'#Not a heading\n\n#  Spaced heading #\n\n###### Six\n\n####### Seven is text',

	'Term: **bold at the end**\n\n*italic start* of a line, _underscored_ words, snake_case_name, 2*3*4.',

	'- [ ] task-like item\n- [x] done item\n\n* star list\n+ plus list',

	'Some text\n- a list right after text\n- second\n\n1. ordered right after\n1. one again',

	'| a | b | c | d |\n|---|:-:|---|---|\n| one two | | three |\n| four | five six | seven | eight | nine |\nten | eleven\n|\n| last row words here |',

	'A paragraph\n-\n\nand a setext underline made of one dash, then\n- an item\n  -\n  words under a nested dash',

	'- a\n\n-\n  words in a loose empty item\n\n- b\n-\n -\n-  two spaces then words\n1.\n2. after an empty ordered item',

	'-\n foo with one space\n\n*\n  foo with two\n\n10.\n    foo with four',

	'> quoted line with words\n> - list in quote\n>   continued words\n\n> > nested quote words',
];
