/**
 * A realistic sample data set for the starter register, dated around a given day so that some
 * deliveries are overdue and some invoices are past due whenever it is generated. Deterministic:
 * the same day gives the same register.
 */
import { addDays } from './time';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUPPLIERS: [string, string, string, string][] = [
  ['Acme Industrial Supply', 'Maria Rossi', 'orders@acme-industrial.example', 'Goods'],
  ['Brightline Logistics', 'Tom Becker', 'dispatch@brightline.example', 'Logistics'],
  ['Cobalt IT Services', 'Aisha Khan', 'accounts@cobalt-it.example', 'IT'],
  ['Delta Office Furniture', 'Luca Bianchi', 'sales@delta-office.example', 'Goods'],
  ['Evergreen Facilities', 'Sofia Martins', 'service@evergreen-fm.example', 'Facilities'],
  ['Fjord Paper Company', 'Erik Nilsen', 'orders@fjordpaper.example', 'Goods'],
  ['Granite Security', 'Hannah Weiss', 'billing@granite-sec.example', 'Services'],
  ['Harbor Freight Forwarding', 'Kenji Sato', 'ops@harborff.example', 'Logistics'],
  ['Indigo Print Studio', 'Chloé Dubois', 'studio@indigoprint.example', 'Services'],
  ['Juniper Cloud Hosting', 'Omar Haddad', 'billing@junipercloud.example', 'IT'],
  ['Kestrel Cleaning', 'Priya Nair', 'bookings@kestrelclean.example', 'Facilities'],
  ['Lumen Electrical', 'Jan Kowalski', 'trade@lumen-electric.example', 'Goods'],
];

const ITEMS = [
  'Pallet racking, 4 bays',
  'Printer toner, 20 cartridges',
  'Laptop docking stations x10',
  'Office chairs x12',
  'Quarterly cleaning contract',
  'Network switch replacement',
  'Copy paper, 40 boxes',
  'Courier service, March',
  'Security patrol, night shifts',
  'Brochure printing, 5,000 copies',
  'LED panel lights x30',
  'Cloud backup storage, 2 TB',
  'Warehouse shelving labels',
  'Standing desks x6',
  'First aid kits x15',
];

const PEOPLE = [
  'anna.ferri@backoffice.example',
  'ben.osei@backoffice.example',
  'carla.diaz@backoffice.example',
];

export interface SampleData {
  table: string;
  rows: Record<string, unknown>[];
}

/** Sample rows per table, in an order where every reference points to an earlier table. */
export function sampleData(today: string): SampleData[] {
  const r = rng(20260329);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const between = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));

  const suppliers = SUPPLIERS.map(([name, contact, email, category], i) => ({
    Name: name,
    'Contact name': contact,
    Email: email,
    Phone: `+39 02 5550 ${String(1000 + i * 37).slice(0, 4)}`,
    Category: category,
    'Payment terms days': pick([30, 30, 45, 60]),
    Status: i === 6 ? 'On hold' : 'Active',
    Notes: i === 0 ? 'Preferred supplier for warehouse goods.\nAsk for Maria.' : '',
  }));

  const orders = Array.from({ length: 50 }, (_, i) => {
    const ordered = addDays(today, -between(2, 120));
    const expected = addDays(ordered, between(5, 30));
    const overdue = expected < today;
    let status: string;
    if (!overdue) status = pick(['Ordered', 'Ordered', 'Draft']);
    else
      status = pick(['Delivered', 'Delivered', 'Ordered', 'Partially delivered', 'Delivered', 'Cancelled']);
    return {
      Supplier: SUPPLIERS[i % SUPPLIERS.length]![0],
      Description: ITEMS[i % ITEMS.length],
      Amount: Math.round(between(150, 24000) * 100 + between(0, 99)) / 100,
      Currency: i % 9 === 4 ? 'USD' : i % 13 === 7 ? 'GBP' : 'EUR',
      'Ordered on': ordered,
      'Expected delivery': expected,
      'Delivered on': status === 'Delivered' ? addDays(expected, between(-3, 6)) : '',
      Status: status,
      Owner: pick(PEOPLE),
    };
  });
  // Delivered-on must not be before Ordered on.
  for (const o of orders)
    if (o['Delivered on'] && o['Delivered on'] < o['Ordered on']) o['Delivered on'] = o['Ordered on'];

  const invoices = Array.from({ length: 30 }, (_, i) => {
    const po = i % 50;
    const order = orders[po]!;
    const issued = addDays(order['Ordered on'], between(3, 20));
    const status = pick(['Received', 'Approved', 'Approved', 'Paid', 'Paid', 'Disputed']);
    return {
      Supplier: order.Supplier,
      'Purchase order': `PO-${String(po + 1).padStart(4, '0')}`,
      'Invoice number': `${order.Supplier.slice(0, 3).toUpperCase()}-${2026}${String(100 + i)}`,
      Amount: order.Amount,
      Currency: order.Currency,
      'Issued on': issued,
      Status: status,
      'Paid on': status === 'Paid' ? addDays(issued, between(10, 40)) : '',
    };
  });

  const customers = [
    ['Northwind Traders', 'hello@northwind.example'],
    ['Contoso Pharmacy', 'purchasing@contoso-pharma.example'],
    ['Fabrikam Studios', 'office@fabrikam.example'],
    ['Tailspin Toys', 'support@tailspin.example'],
    ['Wide World Importers', 'orders@wwi.example'],
    ['Alpine Ski House', 'info@alpineski.example'],
    ['Blue Yonder Airlines', 'corporate@blueyonder.example'],
    ['Coho Winery', 'cellar@cohowinery.example'],
  ].map(([name, email]) => ({ Name: name, Email: email, 'Account manager': pick(PEOPLE) }));

  const requests = Array.from({ length: 15 }, (_, i) => {
    const received = addDays(today, -between(0, 20));
    return {
      Customer: customers[i % customers.length]!.Name,
      'Received on': received,
      Channel: pick(['Email', 'Phone', 'Web', 'In person']),
      Kind: pick(['Inquiry', 'Complaint', 'Feedback', 'Order']),
      Summary: pick([
        'Asked for a quote on 200 units',
        'Late delivery complained about',
        'Invoice address needs updating',
        'Praised the support team',
        'Wants to change the delivery slot',
      ]),
      Status: pick(['New', 'In progress', 'Waiting on customer', 'Resolved']),
      Owner: pick(PEOPLE),
      'Respond by': addDays(received, between(2, 7)),
    };
  });

  const staff = [
    ['Anna Ferri', 'anna.ferri@backoffice.example', 'Operations'],
    ['Ben Osei', 'ben.osei@backoffice.example', 'Finance'],
    ['Carla Díaz', 'carla.diaz@backoffice.example', 'Operations'],
    ['Dmitri Volkov', 'dmitri.volkov@backoffice.example', 'IT'],
    ['Elif Yılmaz', 'elif.yilmaz@backoffice.example', 'HR'],
    ['Farah Siddiqui', 'farah.siddiqui@backoffice.example', 'Sales'],
    ['Gustavo Lima', 'gustavo.lima@backoffice.example', 'Facilities'],
    ['Hiro Tanaka', 'hiro.tanaka@backoffice.example', 'Finance'],
    ['Ines Moreau', 'ines.moreau@backoffice.example', 'Sales'],
    ['Jonas Berg', 'jonas.berg@backoffice.example', 'IT'],
  ].map(([name, email, dept], i) => ({
    Name: name,
    Email: email,
    Department: dept,
    Manager: i === 0 ? '' : 'anna.ferri@backoffice.example',
    'Start date': addDays(today, i < 8 ? -between(60, 1500) : between(3, 20)),
    Onboarding: i < 8 ? 'Done' : 'Not started',
    Salary: between(32, 85) * 1000,
  }));

  const tasks = Array.from({ length: 20 }, (_, i) => ({
    Title: pick([
      'Reconcile supplier statement',
      'Approve pending invoices',
      'Renew cleaning contract',
      'Prepare onboarding pack',
      'Chase missing delivery note',
      'Update supplier bank details',
    ]),
    Department: pick(['Operations', 'Finance', 'HR', 'IT', 'Sales', 'Facilities']),
    Owner: pick(PEOPLE),
    'Due on': addDays(today, between(-10, 20)),
    Status: pick(['Open', 'Open', 'Blocked', 'Done']),
    'Related record': i % 3 === 0 ? `PO-${String(i + 1).padStart(4, '0')}` : '',
  }));

  return [
    { table: 'Suppliers', rows: suppliers },
    { table: 'Purchase Orders', rows: orders },
    { table: 'Invoices', rows: invoices },
    { table: 'Customers', rows: customers },
    { table: 'Requests', rows: requests },
    { table: 'Staff', rows: staff },
    { table: 'Tasks', rows: tasks },
  ];
}
