import type { EvalCorpus } from './corpus-types.ts';

/** A product FAQ: one short question heading per answer (a fictional invoicing app). */
const DOCUMENT = `# Tallybook help centre

## What is Tallybook?

Tallybook is an invoicing and expense tracking application for freelancers and small studios. You create quotes, turn them into invoices with one click, and see which clients still owe you.

## How much does Tallybook cost?

The Solo plan is free for up to five active clients. The Studio plan costs 12 euros per month per seat, billed monthly or yearly. Yearly billing gives two months free.

## Is there a trial of the Studio plan?

Every new workspace gets 21 days of Studio features without entering a card. At the end of the trial the workspace drops back to Solo unless you subscribe.

## Can I cancel my subscription?

You can cancel at any time from Settings → Billing. Your plan stays active until the end of the period you already paid for, and we do not charge a cancellation fee.

## Which currencies are supported?

Invoices can be issued in 38 currencies. Each client has a default currency, and exchange rates are fetched daily from the European Central Bank for your reports.

## Can clients pay invoices online?

Yes. Connect Stripe or PayPal under Settings → Payments and every invoice email gets a "Pay now" button. Card fees are charged by the payment processor, not by Tallybook.

## Does Tallybook send payment reminders?

Tallybook emails a polite reminder 3 days before the due date and again 7 days after it. You can edit the wording or switch reminders off per client.

## How do I import my existing clients?

Upload a CSV file under Clients → Import. The importer recognises the columns name, email, VAT number and address, and shows a preview before anything is saved.

## Is my data safe?

All data is encrypted in transit with TLS 1.3 and at rest with AES-256. Servers are hosted in Frankfurt, Germany, and backups are kept for 30 days.

## Can I use Tallybook on my phone?

There are apps for iOS and Android. They work offline: invoices created without a connection are synchronised the next time the phone is online.

## Can several people work in the same workspace?

Invite teammates from Settings → Team. Owners can give each member the Admin, Accountant or Viewer role; Viewers can read invoices but not change them.

## Does Tallybook handle VAT?

Tallybook computes VAT per line and supports reverse charge for customers in other EU countries. The VAT summary report can be exported for your quarterly return.

## How do I export my data?

Settings → Export produces a ZIP archive with every invoice as PDF and all records as CSV files. Exports are available on every plan, including Solo.

## Can I customise my invoice layout?

Pick one of four templates, upload your logo and choose an accent colour. Studio workspaces can also add custom fields such as a purchase order number.

## How do I contact support?

Write to help@tallybook.example or use the chat in the app. Support answers on weekdays from 9:00 to 18:00 Central European Time.
`;

export const PRODUCT_FAQ: EvalCorpus = {
  name: 'product FAQ',
  format: 'markdown',
  document: DOCUMENT,
  questions: [
    { question: 'what is the price of the paid tier?', fact: /12 euros/i },
    {
      question: 'Is it free to start, without a credit card?',
      fact: /21 days|free for up to five/i,
    },
    { question: 'how long can I test the premium features', fact: /21 days/i },
    { question: 'will you bill me a penalty if I stop paying', fact: /cancel|no.*fee|not charge/i },
    { question: 'can I bill customers in US dollars or yen', fact: /38 currencies/i },
    { question: 'my customers want to settle up by credit card', fact: /stripe|paypal|pay now/i },
    { question: 'do you nudge clients who are late paying?', fact: /reminder|7 days after/i },
    { question: 'bring over my customer list from a spreadsheet', fact: /csv/i },
    { question: 'where are your data centres located', fact: /frankfurt/i },
    {
      question: 'is there a mobile app? does it work without internet',
      fact: /ios|android|offline/i,
    },
    { question: 'add my accountant as a user', fact: /invite|accountant role|roles?/i },
    { question: 'tax on cross-border sales inside Europe', fact: /reverse charge|vat/i },
    { question: 'how do I download a backup of all my invoices', fact: /zip|export/i },
    { question: 'put my company logo on the PDF', fact: /logo|template/i },
    { question: 'what hours is your help desk open', fact: /9:00|weekdays/i },
    { question: 'is a yearly plan cheaper?', fact: /two months free/i },
  ],
  offTopic: [
    'what is the price of bitcoin today',
    'can you recommend a good accountant in Lyon',
    'what is the capital of Australia',
    'write me a poem about the sea',
    'who won the football world cup in 2018',
  ],
};
