/** Italian: proves every interface string goes through the messages module. */
import type { Messages } from './en';

const count = (n: number) => n.toLocaleString('it-IT');

export const it: Messages = {
  lang: 'it',
  locale: 'it-IT',
  appName: 'Backoffice Register',
  loading: 'Caricamento…',
  loadingTable: (table) => `Caricamento di ${table}…`,
  loadFailed: 'Impossibile caricare il registro.',
  retry: 'Riprova',
  table: 'Tabella',
  find: 'Cerca',
  findPlaceholder: 'Nome, ID, importo, data…',
  newRecord: 'Nuovo record',
  openSelectedRow: 'Apri la riga selezionata',
  noSelectedRecord: 'La riga selezionata non è un record del registro.',
  listSummary: (shown, matching, all, query) =>
    query
      ? matching === 0
        ? 'Nessun record corrisponde.'
        : shown < matching
          ? `${count(matching)} risultati; mostrati i primi ${count(shown)}. Scrivi ancora per restringere.`
          : `${count(matching)} su ${count(all)} corrispondono.`
      : all === 0
        ? 'Ancora nessun record.'
        : shown < all
          ? `${count(all)} record; mostrati gli ultimi ${count(shown)}.`
          : `${count(all)} record.`,
  newTitle: (table) => `Nuovo record di ${table}`,
  back: 'Indietro',
  goToRow: 'Vai alla riga',
  save: 'Salva',
  saving: 'Salvataggio…',
  saved: (id) => `Salvato ${id}.`,
  nothingToSave: 'Non è cambiato nulla.',
  cancel: 'Annulla',
  close: 'Chiudi',
  requiredMessage: 'è obbligatorio',
  requiredHint: 'Obbligatorio',
  defaultHint: (expression) => `Se vuoto: ${expression}`,
  confidential: 'Riservato',
  choose: 'Scegli…',
  noMatch: 'Nessun risultato',
  openReference: (label) => `Apri ${label}`,
  pickerCount: (n) => `${count(n)} ${n === 1 ? 'risultato' : 'risultati'}`,
  fixProblems: (n) =>
    n === 1 ? 'Correggi il campo segnato qui sotto.' : `Correggi i ${n} campi segnati qui sotto.`,
  versionLine: (version, updated, by) =>
    `Versione ${version}${updated ? ` · aggiornato ${updated}` : ''}${by ? ` da ${by}` : ''}`,
  discardQuestion: 'Scartare le modifiche?',
  discard: 'Scarta',
  keepEditing: 'Continua a modificare',
  conflictTitle: 'Qualcun altro ha modificato questo record',
  conflictIntro: 'Scegli, campo per campo, quale valore tenere. Nulla viene salvato finché non confermi.',
  yours: 'Tuo',
  theirs: 'Loro',
  keepMine: 'Tieni il mio',
  takeTheirs: 'Prendi il loro',
  empty: '(vuoto)',
  alsoChanged: 'Hanno cambiato anche (si prende il loro):',
  saveChoices: 'Salva con queste scelte',
  takeAllTheirs: 'Prendi tutto il loro',
  tookTheirs: 'Ecco la loro versione; le tue modifiche sono state messe da parte.',
  yes: 'Sì',
  no: 'No',
};
