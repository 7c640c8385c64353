import type { EvalCorpus } from './corpus-types.ts';

/**
 * A shop policy page: few headings, long prose paragraphs holding several facts each, as HTML
 * (a fictional outdoor-gear shop).
 */
const DOCUMENT = `<!doctype html>
<html lang="en"><head><title>Fernhill Outfitters: customer policies</title></head>
<body>
<h1>Customer policies</h1>
<p>These policies apply to every order placed on fernhill.example and in our two stores in Annecy and Grenoble. They were last updated in March.</p>

<h2>Delivery</h2>
<p>Orders placed before 2 pm on a working day leave our warehouse the same day. Standard delivery within mainland France takes two to four working days and is free above 60 euros; below that it costs 4.90 euros. Express delivery arrives the next working day for 12 euros. We also ship to Belgium, Switzerland, Germany, Italy and Spain, where delivery takes five to seven working days. We do not deliver to PO boxes or parcel lockers. You receive a tracking link by email as soon as the parcel is handed to the carrier.</p>

<h2>Returns and exchanges</h2>
<p>You may send back any unworn item within 45 days of delivery. Print the prepaid label from your account page; the return shipping is free for customers in France and costs 7 euros from other countries. Once the parcel reaches us, the refund is made to the original payment method within 5 working days. Footwear must come back in its original box. Personalised items, such as engraved knives or shortened ski poles, cannot be returned. If you would rather have another size, choose "exchange" and we send the new item as soon as the return is scanned.</p>

<h2>Warranty and repairs</h2>
<p>All gear carries the legal two-year conformity guarantee. Tents, backpacks and sleeping bags of our own Fernhill brand are guaranteed for life against manufacturing defects. Our Grenoble workshop repairs zips, seams and tent poles at cost; a broken zip on a jacket is usually replaced for 15 euros within ten days. Damage caused by normal wear, accidents or misuse is not covered by the warranty.</p>

<h2>Payment</h2>
<p>We accept Visa, Mastercard, American Express, PayPal and bank transfer. Orders above 300 euros can be paid in three interest-free instalments. Your card is charged only when the order ships. Prices include French VAT; customers in Switzerland pay import duties on delivery.</p>

<h2>Gift cards and loyalty</h2>
<p>Gift cards are sold from 20 to 500 euros, are valid for 18 months and can be used online or in store. They cannot be exchanged for cash. Members of the Trail Club earn one point per euro spent; 200 points give a 10 euro voucher. Membership is free and points expire after two years without a purchase.</p>

<h2>Rentals</h2>
<p>The Annecy store rents ski touring kits, snowshoes and via ferrata sets by the day or the week. A deposit is taken by card imprint and released when the gear comes back undamaged. Rentals must be booked at least 48 hours ahead in high season.</p>

<h2>Privacy</h2>
<p>We keep your order history for ten years to meet our accounting obligations and never sell your personal data. You can ask for a copy or the deletion of your account data by writing to privacy@fernhill.example; we answer within one month.</p>
</body></html>
`;

export const SHOP_POLICY: EvalCorpus = {
  name: 'shop policy page',
  format: 'html',
  document: DOCUMENT,
  questions: [
    { question: 'how many days do I have to send something back?', fact: /45 days/i },
    { question: 'when will I get my money back after returning shoes', fact: /5 working days/i },
    { question: 'is shipping free?', fact: /60 euros/i },
    { question: 'can you ship to Switzerland', fact: /switzerland|five to seven/i },
    { question: 'next-day shipping price', fact: /12 euros/i },
    { question: 'can I pay in several installments', fact: /three interest-free|300 euros/i },
    { question: 'my zipper broke, can you fix it', fact: /15 euros|zips?/i },
    { question: 'how long is the guarantee on your own backpacks', fact: /for life/i },
    { question: 'do gift vouchers expire', fact: /18 months/i },
    { question: 'can I return an engraved knife', fact: /personalised|cannot be returned/i },
    { question: 'can I hire snowshoes for a weekend', fact: /annecy|rent/i },
    { question: 'delete my personal information', fact: /privacy@fernhill|deletion/i },
    {
      question: 'can I have my parcel sent to a locker?',
      fact: /do not deliver to po boxes|parcel lockers/i,
    },
    { question: 'when is my credit card debited', fact: /charged only when the order ships/i },
  ],
  offTopic: [
    'who is the president of France',
    'do you deliver pizza',
    'what is the weather like in Paris tomorrow',
    'how do I bake sourdough bread',
    'explain quantum entanglement simply',
  ],
};
