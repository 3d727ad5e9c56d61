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

  viewsLabel: 'Viste',
  tabRecords: 'Record',
  tabMerge: 'Invio mail',
  tabSummaries: 'Riepiloghi',

  template: 'Modello',
  noTemplatesTable: 'Questo registro non ha la tabella Templates: esegui Set up register per aggiungerla.',
  noTemplates: 'Ancora nessun modello: aggiungine uno alla tabella Templates (vista Record).',
  templateInfo: (table, html, groupBy) =>
    `Unisce ${table} · ${html ? 'HTML' : 'testo semplice'}${groupBy ? ` · una mail per ${groupBy}` : ''}`,
  unknownTemplateTable: 'Il modello indica una tabella che questo registro non ha: correggi il campo Table.',
  recordsLegend: 'Record',
  selectAll: (table) => `Tutti i record di ${table}`,
  selectMatching: 'Quelli che corrispondono a una ricerca',
  selectIds: 'Solo questi ID',
  searchLabel: 'Cerca nei record',
  useListSearch: (query) => `Usa la ricerca dell'elenco “${query}”`,
  idsLabel: 'ID dei record',
  idsPlaceholder: 'PO-0001, PO-0007',
  recordsSelected: (n, all) => (n === all ? `${count(n)} record.` : `${count(n)} record su ${count(all)}.`),
  noRecordsSelected: 'Nessun record selezionato.',
  unknownIds: (table, ids) =>
    `${table} non ha il record ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}.`,
  preview: 'Anteprima',
  previewing: "Preparazione dell'anteprima…",

  mailsLine: (mails, recipients) =>
    mails === 0
      ? 'Nessuna mail da inviare.'
      : `${count(mails)} ${mails === 1 ? 'mail' : 'mail'} da inviare, ${count(recipients)} ${recipients === 1 ? 'destinatario' : 'destinatari'}`,
  inSelection: (mails) => `La selezione produce ${count(mails)} mail.`,
  quotaLine: (recipients, remaining, fitsAll, fit, mails) =>
    fitsAll
      ? `Usa ${count(recipients)} ${remaining === 1 ? "dell'unico destinatario rimasto" : `dei ${count(remaining)} destinatari rimasti`} nella quota giornaliera.`
      : `Solo ${count(fit)} mail su ${count(mails)} rientrano nella quota di oggi (${count(remaining)} ${remaining === 1 ? 'destinatario rimasto' : 'destinatari rimasti'}): le altre attendono Continua.`,
  noQuota: 'Questo servizio di posta non ha una quota giornaliera.',
  runningLine: (template, by, since, stale) =>
    stale
      ? `Un invio di “${template}” di ${by || 'qualcuno'} dalle ${since} sembra essersi fermato: questo invio lo sostituisce.`
      : `Un invio di “${template}” di ${by || 'qualcuno'} è in corso dalle ${since}: attendi che finisca.`,
  alreadySentLine: (n) =>
    n === 1
      ? '1 mail è già stata inviata ed è esclusa.'
      : `${count(n)} mail sono già state inviate e sono escluse.`,
  nothingNew: (n) =>
    n === 1
      ? 'Niente di nuovo da inviare: la mail di questa selezione è già stata inviata.'
      : `Niente di nuovo da inviare: tutte le ${count(n)} mail di questa selezione sono già state inviate.`,
  sendAgain: 'Invia di nuovo…',
  resendQuestion: (n) =>
    n === 1
      ? 'Inviare di nuovo quella mail? I destinatari la hanno già ricevuta.'
      : `Inviare di nuovo quelle ${count(n)} mail? I destinatari le hanno già ricevute.`,
  resendConfirm: 'Sì, invia di nuovo',
  resendOn: 'Le mail già inviate sono incluse: verranno inviate di nuovo.',
  resendOff: 'Escludile',
  problemsTitle: (n) => (n === 1 ? 'Un problema in 1 record' : `Problemi in ${count(n)} record`),
  problemsIntro:
    'Non si invia nulla finché un record selezionato ha un problema. Apri il record per correggerlo, oppure escludi quei record.',
  moreRecords: (n) => `+${count(n)} altri`,
  moreProblems: (n) => `…e altri ${count(n)}.`,
  excludeProblems: (n) =>
    n === 1
      ? 'Escludi il record con un problema e invia gli altri'
      : `Escludi i ${count(n)} record con problemi e invia gli altri`,
  blockedHint: 'Per inviare, correggi i problemi o escludi quei record.',
  previousMail: 'Mail precedente',
  nextMail: 'Mail successiva',
  mailOf: (i, n) => `Mail ${count(i)} di ${count(n)}`,
  mailTo: 'A',
  mailCc: 'Cc',
  mailBcc: 'Ccn',
  mailReplyTo: 'Rispondi a',
  mailSubject: 'Oggetto',
  mailRecords: 'Record',
  mailBody: 'Testo della mail, come arriverà',
  actionSend: 'Verrà inviata',
  actionRetry: "Verrà inviata di nuovo: l'ultimo tentativo è fallito",
  actionContinue: 'Verrà inviata: un invio interrotto la ha lasciata in attesa',
  actionResend: 'Verrà inviata di nuovo',
  actionSkip: 'Già inviata: esclusa',
  actionHeld: 'In verifica (SENDING): esclusa',
  actionProblem: 'Ha un problema: non viene inviata',

  testSend: 'Invia una prova a me',
  testSending: 'Invio della prova…',
  testSent: (to, subject) => `Prova inviata a ${to}: “${subject}”.`,
  realRecipients: 'La mail vera:',
  sendButton: (n) => (n === 1 ? 'Invia 1 mail' : `Invia ${count(n)} mail`),
  sendAgainButton: (n) => (n === 1 ? 'Invia di nuovo 1 mail' : `Invia di nuovo ${count(n)} mail`),
  sendProgress: "Avanzamento dell'invio",
  sendingProgress: (done, total) =>
    total > 0 && done > 0 ? `Invio in corso… ${count(done)} di ${count(total)} fatte.` : 'Invio in corso…',

  nothingSent: 'Non è stato inviato nulla.',
  sentLine: (sent, planned) => `Inviate ${count(sent)} mail su ${count(planned)}.`,
  failedLine: (n) => (n === 1 ? '1 mail non è partita:' : `${count(n)} mail non sono partite:`),
  stoppedQuota: (n) =>
    `Interrotto: la quota giornaliera di mail è esaurita. ${n === 1 ? '1 mail attende' : `${count(n)} mail attendono`}: Continua le invia quando la quota si rinnova (entro 24 ore).`,
  stoppedTime: (n, trigger) =>
    trigger
      ? `Interrotto prima del limite di tempo: ${n === 1 ? '1 mail riparte' : `${count(n)} mail ripartono`} da sola tra un minuto circa.`
      : `Interrotto prima del limite di tempo: ${n === 1 ? '1 mail attende' : `${count(n)} mail attendono`} Continua.`,
  stoppedTakenOver: 'Interrotto: un altro invio ha preso il posto di questo.',
  pendingOther: (n) => `${count(n)} altre mail di questo modello attendono Continua.`,
  excludedLine: (ids) => `Esclusi per i loro problemi: ${ids.join(', ')}.`,
  changedLine: (n) =>
    `${count(n)} mail ${n === 1 ? 'è stata inviata' : 'sono state inviate'} con i record come erano all'invio (modificati dopo l'anteprima).`,
  continueSend: (n) => `Continua (${count(n)})`,
  continuing: 'Continuazione…',
  previewAgain: 'Nuova anteprima',
  stuckTitle: (n) => (n === 1 ? '1 mail ferma in SENDING' : `${count(n)} mail ferme in SENDING`),
  stuckIntro:
    'Un invio si è interrotto mentre inviava queste mail: ognuna potrebbe essere partita o no. Cercala nella Posta inviata, poi indica come è andata: una mail non partita viene inviata con il prossimo invio.',
  markSent: 'È partita',
  markFailed: 'Non è partita',
  resolvedAs: (sent) =>
    sent ? 'Segnata come inviata.' : 'Segnata come non partita: il prossimo invio la spedisce.',

  correspondence: 'Corrispondenza',
  noCorrespondence: 'Ancora nessuna mail su questo record.',
  stateSent: 'Inviata',
  stateFailed: 'Non partita',
  statePending: 'In attesa',
  stateSending: 'In invio',

  noReportsTable: 'Questo registro non ha la tabella Reports: esegui Set up register per aggiungerla.',
  noReports: 'Ancora nessun report: aggiungine uno alla tabella Reports (vista Record).',
  reportsLabel: 'Report',
  buildAll: 'Genera tutti i riepiloghi',
  building: 'Generazione…',
  builtLine: (n) =>
    n === 1 ? 'Generato 1 foglio di riepilogo:' : `Generati ${count(n)} fogli di riepilogo:`,
  builtReport: (report, sheet, rows) =>
    `${report}: foglio “${sheet}”, ${count(rows)} ${rows === 1 ? 'riga' : 'righe'}`,
  notBuilt: (report) => `Non generato: ${report}:`,
  buildSheet: 'Genera questo foglio',
  builtSheet: (sheet, rows) => `Foglio “${sheet}” generato: ${count(rows)} ${rows === 1 ? 'riga' : 'righe'}.`,
  chartNamed: (chart) => `grafico ${chart}`,
  reportFor: (day) => `Dati al ${day}`,
  generatedLine: (when, by) => `calcolati ${when}${by ? ` per ${by}` : ''}`,
  headlineLabel: 'Cifre principali',
  reportTable: (matched) => `Da ${count(matched)} record`,
  noRows: 'Nessun record corrisponde a questo report.',
  chartTitle: (title, kind) => `${title} (${kind})`,
  chartKinds: {
    bar: 'grafico a barre',
    column: 'grafico a colonne',
    line: 'grafico a linee',
    pie: 'grafico a torta',
  },
  chartData: 'Dati del grafico in tabella',
  chartCategory: 'Categoria',
  chartFirst: (shown, all) => `Il grafico mostra le prime ${count(shown)} righe su ${count(all)}.`,
  legend: 'Legenda',

  // Solleciti
  tabChase: 'Solleciti',
  chaseToday: (date) => `Solleciti di oggi, ${date}`,
  chaseRefresh: 'Aggiorna',
  chaseNoMails: 'Oggi non ci sono solleciti da inviare.',
  chaseMailsDue: (n) =>
    n === 1 ? 'Oggi c’è 1 sollecito da inviare' : `Oggi ci sono ${count(n)} solleciti da inviare`,
  chaseStep: (rule, step) => `${rule}, passo ${step}`,
  chaseTo: 'A',
  chaseRecords: 'Record',
  chaseRun: 'Invia i solleciti ora',
  chaseConfirm: (n) => (n === 1 ? 'Inviare ora 1 sollecito?' : `Inviare ora ${count(n)} solleciti?`),
  chaseSend: (n) => (n === 1 ? 'Invia 1 mail' : `Invia ${count(n)} mail`),
  chaseRunning: 'Invio dei solleciti…',
  chaseBusy: (who) => `È in corso un invio di solleciti (${who}).`,
  chaseResult: (sent, planned) =>
    planned === 0 ? 'Nessun sollecito era dovuto.' : `Inviati ${count(sent)} solleciti su ${count(planned)}.`,
  chasePending: (n) =>
    n === 1 ? '1 mail attende il prossimo invio.' : `${count(n)} mail attendono il prossimo invio.`,
  chaseStopped: (why) => `Interrotto: ${why}.`,
  chaseWithdrawn: 'Esclusi al momento dell’invio:',
  chaseProblems: 'Regole che non partono finché non vengono corrette:',
  chaseWaiting: (n) => `In attesa (${count(n)})`,
  chaseRecent: (n) => `Inviati di recente (${count(n)})`,
  chaseNone: 'Nessuno.',
  chaseStuck: (n) => `Bloccati (${count(n)})`,
  chaseStuckIntro:
    'Le mail ferme in SENDING possono essere partite o no: controlla la posta inviata, poi indica quale. Le mail non riuscite vengono ritentate al prossimo invio.',
  chasePausedTitle: (n) => `In pausa (${count(n)})`,
  chasePause: 'Sospendi i solleciti',
  chasePauseOf: (id) => `Sospendi i solleciti per ${id}`,
  chasing: 'Solleciti',
  chaseNotChased: 'Nessuna regola di sollecito riguarda questa tabella.',
  chaseSchedule: 'Pianificazione',
  chaseDaily: 'Invia i solleciti ogni giorno',
  chaseScheduleAt: (hour, zone) => `Alle ${String(hour).padStart(2, '0')}:00 (${zone}).`,
  chaseOwner: (owner, mine) => `Parte come ${owner}${mine ? ' (tu)' : ''}: la posta esce da quella casella.`,
  chaseReview: 'Apri',
};
