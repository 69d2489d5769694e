// Fixed lists of what Intl (CLDR, as bundled with Node 24 and Chromium) knows of countries and currencies.
// Asking Intl loads ICU's locale data, about 6 MB resident, which a server would then hold for good
// once it has read one customer's country or one order's amount; these lists are all the checks need.
// iso-codes.test.ts compares them with Intl, so a runtime whose CLDR differs is noticed.

function words(text: string): string[] {
  return text.split(' ');
}

/**
 * ISO 3166 region codes that CLDR names in English, without groupings and user-assigned codes (XK
 * kept): the codes accepted, retired ones included.
 */
export const KNOWN_COUNTRY_CODES: ReadonlySet<string> = new Set(
  words(
    'AC AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
      'BR BS BT BU BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CP CQ CR CS CU CV CW CX CY CZ DD DE ' +
      'DG DJ DK DM DO DY DZ EA EC EE EG EH ER ES ET FI FJ FK FM FO FR FX GA GB GD GE GF GG GH GI GL GM ' +
      'GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU HV IC ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE ' +
      'KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN ' +
      'MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NH NI NL NO NP NR NU NZ OM PA PE PF PG PH PK ' +
      'PL PM PN PR PS PT PW PY QA RE RH RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST ' +
      'SU SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TP TR TT TV TW TZ UA UG UK UM US UY UZ VA VC ' +
      'VD VE VG VI VN VU WF WS XK YD YE YT YU ZA ZM ZR ZW',
  ),
);

/**
 * Retired codes and the code their country has now (UK → GB, FX → FR, DD → DE, YU → RS), as
 * Intl.getCanonicalLocales replaces them.
 */
export const RETIRED_COUNTRY_CODES: ReadonlyMap<string, string> = new Map(
  words('AN:CW BU:MM CS:RS DD:DE DY:BJ FX:FR HV:BF NH:VU RH:ZW SU:RU TP:TL UK:GB VD:VN YD:YE YU:RS ZR:CD').map(
    (pair) => pair.split(':') as [string, string],
  ),
);

/** ISO 4217 codes, as Intl.supportedValuesOf('currency') lists them. */
export const CURRENCY_CODES: ReadonlySet<string> = new Set(
  words(
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN ' +
      'BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL ' +
      'GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF ' +
      'KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR ' +
      'MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG ' +
      'SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD ' +
      'UYU UZS VES VND VUV WST XAF XCD XCG XDR XOF XPF XSU YER ZAR ZMW ZWG ZWL',
  ),
);

/** Currencies whose minor unit is not the hundredth, with their number of decimals (Intl's currency format). */
export const CURRENCY_DECIMALS: ReadonlyMap<string, number> = new Map([
  ...words(
    'AFN ALL BIF CLP COP DJF GNF HUF IDR IQD IRR ISK JPY KMF KPW KRW LAK LBP MGA MMK PKR PYG RWF SLL ' +
      'SOS SYP UGX VND VUV XAF XOF XPF YER',
  ).map((code) => [code, 0] as const),
  ...words('BHD JOD KWD LYD OMR TND').map((code) => [code, 3] as const),
]);
