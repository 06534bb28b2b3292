"""Stop words, stored already normalised (case-folded; Arabic letter forms folded)."""

from dateline.analysis.normalization import fold

_ENGLISH = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own s said same says she should so some such t than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves also its it's may
new one two three year years
"""

_ARABIC = """
في من على إلى الى عن أن ان إن هذا هذه ذلك التي الذي الذين التى كان كانت قد لقد مع كل بعد قبل
بين حيث ثم أو او لا ما لم لن هو هي هم هن أنه انه أنها انها وقال قال وقالت قالت يكون عند منذ
حتى إذا اذا كما أيضا ايضا غير تم وفي ومن وعلى وأن وان به بها له لها فيه فيها عليه عليها الى
"""

STOP_WORDS = {
    "en": frozenset(fold(w) for w in _ENGLISH.split()),
    "ar": frozenset(fold(w) for w in _ARABIC.split()),
}
