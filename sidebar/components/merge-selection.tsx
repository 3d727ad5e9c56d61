/**
 * The first step of a merge: which template, which records. Records are all of the template's
 * table, those matching a search (the records list's own search, offered from the list), or IDs
 * typed by hand; the count updates as the person types, with no round trip.
 */
import { useSidebar } from '../context';
import type { Resolved, Selection, TemplateInfo } from '../data/merge';
import type { IndexedRecord } from '../data/search';

interface MergeSelectionProps {
  templates: TemplateInfo[];
  template: TemplateInfo;
  selection: Selection;
  resolved: Resolved | null;
  records: readonly IndexedRecord[] | null;
  /** The records list's search for the template's table, '' when it shows them all. */
  listQuery: string;
  /** A preview is on its way. */
  busy: boolean;
  /** Something else is (a send, a test). */
  disabled: boolean;
  onTemplate(name: string): void;
  onSelection(selection: Selection): void;
  onPreview(): void;
}

export function MergeSelection(props: MergeSelectionProps) {
  const { t } = useSidebar();
  const { template, selection, resolved, records } = props;
  const table = template.table;
  const countLine = (): string => {
    if (!table) return t.unknownTemplateTable;
    if (!resolved) return '';
    if (!resolved.ok)
      return resolved.reason === 'loading'
        ? t.loadingTable(table)
        : resolved.reason === 'unknown'
          ? t.unknownIds(table, resolved.unknown ?? [])
          : t.noRecordsSelected;
    if (resolved.count === null) return t.loadingTable(table);
    return t.recordsSelected(resolved.count, records?.length ?? resolved.count);
  };
  const choose = (mode: Selection['mode']) => {
    if (mode === selection.mode) return;
    if (mode === 'all') props.onSelection({ mode });
    else if (mode === 'matching') props.onSelection({ mode, query: props.listQuery });
    else props.onSelection({ mode, text: '' });
  };
  const radio = (mode: Selection['mode'], label: string) => (
    <label class="check">
      <input
        type="radio"
        name="merge-records"
        checked={selection.mode === mode}
        onChange={() => choose(mode)}
      />
      {label}
    </label>
  );

  return (
    <form
      class="merge-selection"
      onSubmit={(e) => {
        e.preventDefault();
        props.onPreview();
      }}
    >
      <div class="field">
        <label for="merge-template">{t.template}</label>
        <select
          id="merge-template"
          value={template.name}
          aria-describedby="merge-template-info"
          onChange={(e) => props.onTemplate(e.currentTarget.value)}
        >
          {props.templates.map((x) => (
            <option key={x.id} value={x.name}>
              {x.name}
            </option>
          ))}
        </select>
        <p id="merge-template-info" class="help">
          {t.templateInfo(table || '?', template.html, template.groupBy)}
        </p>
      </div>

      <fieldset class="field" aria-describedby="merge-count">
        <legend>{t.recordsLegend}</legend>
        {radio('all', t.selectAll(table || '?'))}
        {radio('matching', t.selectMatching)}
        {selection.mode === 'matching' && (
          <div class="indent">
            <label for="merge-search" class="visually-hidden">
              {t.searchLabel}
            </label>
            <input
              id="merge-search"
              type="search"
              autoComplete="off"
              spellcheck={false}
              placeholder={t.findPlaceholder}
              value={selection.query}
              onInput={(e) => props.onSelection({ mode: 'matching', query: e.currentTarget.value })}
            />
            {props.listQuery.trim() !== '' && props.listQuery !== selection.query && (
              <button
                type="button"
                class="link"
                onClick={() => props.onSelection({ mode: 'matching', query: props.listQuery })}
              >
                {t.useListSearch(props.listQuery)}
              </button>
            )}
          </div>
        )}
        {radio('ids', t.selectIds)}
        {selection.mode === 'ids' && (
          <div class="indent">
            <label for="merge-ids" class="visually-hidden">
              {t.idsLabel}
            </label>
            <input
              id="merge-ids"
              type="text"
              autoComplete="off"
              spellcheck={false}
              placeholder={t.idsPlaceholder}
              value={selection.text}
              onInput={(e) => props.onSelection({ mode: 'ids', text: e.currentTarget.value })}
            />
          </div>
        )}
        <p id="merge-count" class="help" aria-live="polite">
          {countLine()}
        </p>
      </fieldset>

      <button
        type="submit"
        class="primary"
        disabled={!resolved?.ok || props.disabled}
        aria-busy={props.busy || undefined}
      >
        {props.busy ? t.previewing : t.preview}
      </button>
    </form>
  );
}
