# The requester's rating of a resolved ticket (issue #15).
action-rate = { $score }
action-rate-note = Add a comment
action-rate-note-input = Your comment on how it was handled
rating-question = How did we do with { $id } · { $title }?
rating-question-how = Pick a score from 1 (bad) to 5 (very good), or type `/ticket rate id:{ $id } score:5 comment:"…"`. You can change it until { $until }.
rating-saved = Thank you: { $id } rated { $stars }. You can change it until { $until }.
rating-changed = Your rating of { $id } is now { $stars }. You can change it until { $until }.
rating-low-notice = ⚠ Low rating for { $id } · { $title }: { $stars } from @{ $requester } — { $comment }
rating-comment-quoted = “{ $text }”
rating-no-comment = no comment
rating-line = { $stars } { $score }/5 by @{ $requester }, { $at } — { $comment }
field-rating = Rating
needed-ticket-requester = the ticket's requester (@{ $handle })
error-rating-score = Score `{ $value }` is not one of 1, 2, 3, 4, 5: use 1 (bad) to 5 (very good), e.g. `/ticket rate id:IT-1 score:4`.
error-rating-not-resolved = { $id } cannot be rated yet: it is { $status }. Ratings are for resolved tickets; you are asked when it is resolved.
error-rating-window-passed = { $id } can no longer be rated: a rating is given or changed within { $days } days of the resolution, until { $until }.
error-rating-score-first = Choose a score for { $id } first: a button from 1 to 5, or `/ticket rate id:{ $id } score:4 comment:"…"`.
digest-ratings = Requesters' ratings, last { $days } days: { $whole }.{ $tenths } ★ on average, { $count ->
    [one] one rating
   *[other] { $count } ratings
}
