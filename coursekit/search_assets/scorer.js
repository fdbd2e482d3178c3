/* coursekit: the book's search ranks every chapter result above the instructor guide's.
 * Sphinx's html_search_scorer: this object replaces its default Scorer (same weights). */
var Scorer = {
  score: function (result) {
    var docname = result[0], score = result[4];
    return docname.indexOf("instructors/") === 0 ? score - 1000 : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2
};
