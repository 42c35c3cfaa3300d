// Month and weekday names in the languages of most news pages, for recognising dates in bylines and date lines.

// Derived from ICU's CLDR data with Intl.DateTimeFormat (long and short forms, and the form a month
// takes after a day number: "1 марта"), lower case, without abbreviation dots; test/byline.test.ts
// checks them against Intl. Written out rather than computed at start-up, which costs ~50 ms of CPU.

/** Month names by language. */
export const MONTH_NAMES: Readonly<Record<string, string>> = {
  en: 'january february march april may june july august september october november december jan feb mar apr jun jul aug sep oct nov dec',
  de: 'januar februar märz april mai juni juli august september oktober november dezember jan feb mär apr jun jul aug sep sept okt nov dez',
  fr: 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre janv févr avr juil sept oct nov déc',
  es: 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre ene feb mar abr may jun jul ago sept oct nov dic',
  it: 'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre gen feb mar apr mag giu lug ago set ott nov dic',
  pt: 'janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro jan fev mar abr mai jun jul ago set out nov dez',
  nl: 'januari februari maart april mei juni juli augustus september oktober november december jan feb mrt apr jun jul aug sep okt nov dec',
  sv: 'januari februari mars april maj juni juli augusti september oktober november december jan feb apr aug sep okt nov dec',
  da: 'januar februar marts april maj juni juli august september oktober november december jan feb mar apr jun jul aug sep okt nov dec',
  nb: 'januar februar mars april mai juni juli august september oktober november desember jan feb mar apr jun jul aug sep okt nov des',
  fi: 'tammikuu tammikuuta helmikuu helmikuuta maaliskuu maaliskuuta huhtikuu huhtikuuta toukokuu toukokuuta kesäkuu kesäkuuta heinäkuu heinäkuuta elokuu elokuuta syyskuu syyskuuta lokakuu lokakuuta marraskuu marraskuuta joulukuu joulukuuta tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu',
  pl: 'styczeń stycznia luty lutego marzec marca kwiecień kwietnia maj maja czerwiec czerwca lipiec lipca sierpień sierpnia wrzesień września październik października listopad listopada grudzień grudnia sty lut mar kwi cze lip sie wrz paź lis gru',
  cs: 'leden ledna únor února březen března duben dubna květen května červen června červenec července srpen srpna září říjen října listopad listopadu prosinec prosince led úno bře dub kvě čvn čvc srp zář říj lis pro',
  ru: 'январь января февраль февраля март марта апрель апреля май мая июнь июня июль июля август августа сентябрь сентября октябрь октября ноябрь ноября декабрь декабря янв февр мар апр июн июл авг сент окт нояб дек',
  uk: 'січень січня лютий лютого березень березня квітень квітня травень травня червень червня липень липня серпень серпня вересень вересня жовтень жовтня листопад листопада грудень грудня січ лют бер квіт трав черв лип серп вер жовт лист груд',
  tr: 'ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık oca şub mar nis may haz tem ağu eyl eki kas ara',
};

/** Weekday names by language. */
export const WEEKDAY_NAMES: Readonly<Record<string, string>> = {
  en: 'monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun',
  de: 'montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so',
  fr: 'lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim',
  es: 'lunes martes miércoles jueves viernes sábado domingo lun mar mié jue vie sáb dom',
  it: 'lunedì martedì mercoledì giovedì venerdì sabato domenica lun mar mer gio ven sab dom',
  pt: 'segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo seg ter qua qui sex sáb dom',
  nl: 'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ma di wo do vr za zo',
  sv: 'måndag tisdag onsdag torsdag fredag lördag söndag mån tis ons tors fre lör sön',
  da: 'mandag tirsdag onsdag torsdag fredag lørdag søndag man tirs ons tors fre lør søn',
  nb: 'mandag tirsdag onsdag torsdag fredag lørdag søndag man tir ons tor fre lør søn',
  fi: 'maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai ma ti ke to pe la su',
  pl: 'poniedziałek wtorek środa czwartek piątek sobota niedziela pon wt śr czw pt sob niedz',
  cs: 'pondělí úterý středa čtvrtek pátek sobota neděle po út st čt pá so ne',
  ru: 'понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс',
  uk: 'понеділок вівторок середа четвер пʼятниця субота неділя пн вт ср чт пт сб нд',
  tr: 'pazartesi salı çarşamba perşembe cuma cumartesi pazar pzt sal çar per cum cmt paz',
};

/** Every month name and abbreviation above, lower case. */
export const MONTHS: ReadonlySet<string> = new Set(Object.values(MONTH_NAMES).flatMap((names) => names.split(' ')));
/** Every weekday name and abbreviation above, lower case. */
export const WEEKDAYS: ReadonlySet<string> = new Set(Object.values(WEEKDAY_NAMES).flatMap((names) => names.split(' ')));

/** Longer than this, a line says more than a date. */
const MAX_DATE_LINE_CHARS = 80;
/** A year, or a day and month in figures ("21/04", "13.10."). */
const DATE_FIGURES = /\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}\b/u;
const NOT_LETTERS = /[^\p{L}]+/u;

/**
 * True when a line is nothing but a date and time: figures, month and weekday names and joining words of three
 * letters at most ("Jueves, 21 de Abril de 2022 21/04/2022", "13.10.2021", "March 3, 2026, 10:41 am"). A year or a
 * month name must be there, so "Top 10" is no date; any other word makes it a title ("The 2022 elections").
 */
export function isDateLine(text: string): boolean {
  if (text.length > MAX_DATE_LINE_CHARS || !/\d/u.test(text)) return false;
  const words = text.toLowerCase().split(NOT_LETTERS).filter(Boolean);
  if (!words.every((word) => word.length <= 3 || MONTHS.has(word) || WEEKDAYS.has(word))) return false;
  return DATE_FIGURES.test(text) || words.some((word) => MONTHS.has(word));
}
