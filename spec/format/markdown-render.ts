import MarkdownIt from "markdown-it";

/**
 * A real CommonMark renderer (markdown-it, HTML passed through as GitHub does for `<br>`), to
 * check the Markdown file by what a reader sees rather than by which characters were escaped.
 */
const renderer = new MarkdownIt({ html: true });

/** Tags a message paragraph (or flowlog's heading) may render to, besides flowlog's line breaks. */
const ALLOWED_TAG = /^<\/?(p|h3)>$|^<br>$/;

/**
 * Renders one line of markdown (a paragraph, or a `### ` heading) as a document and returns the
 * text a reader sees (line breaks as "\n"), or throws naming the first tag that is not that
 * block or `<br>` (another heading, a list, link, image, code, emphasis or HTML from the text).
 */
export function renderedInlineText(markdown: string): string {
  const html = renderer.render(markdown);
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    if (!ALLOWED_TAG.test(tag)) throw new Error(`${JSON.stringify(markdown)} renders a ${tag} tag: ${JSON.stringify(html)}`);
  }
  return html
    .replace(/^<(p|h3)>|<\/(p|h3)>\n$/g, "")
    .replaceAll("<br>", "\n")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");
}
