/** Where a tag's monthly archive lives unless the input names `archive_base`: Medium's tag archive. */
export const DEFAULT_ARCHIVE_BASE = 'https://medium.com/tag/{tag}/archive';

/**
 * The archive base for `tag`: `{tag}` in it replaced by the tag (URL-encoded), a trailing slash
 * dropped. Pure string work, so the workflow computes it and every month's URL shows in history.
 */
export function archiveBase(tag: string, base: string = DEFAULT_ARCHIVE_BASE): string {
  return base.replaceAll('{tag}', encodeURIComponent(tag)).replace(/\/+$/, '');
}

/** The archive page of one month (`YYYY-MM`): `{archive_base}/{yyyy}/{mm}`. */
export function monthPageUrl(base: string, month: string): string {
  const [year, mm] = month.split('-');
  return `${base}/${year}/${mm}`;
}
