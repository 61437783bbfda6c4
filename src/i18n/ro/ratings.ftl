# Evaluarea dată de solicitant unui tichet rezolvat (issue #15).
action-rate = { $score }
action-rate-note = Adaugă un comentariu
action-rate-note-input = Comentariul tău despre cum a fost rezolvat
rating-question = Cum ne-am descurcat cu { $id } · { $title }?
rating-question-how = Alege o notă de la 1 (rău) la 5 (foarte bine) sau scrie `/tichet evalueaza id:{ $id } nota:5 comentariu:"…"`. O poți schimba până la { $until }.
rating-saved = Mulțumim: { $id } a primit nota { $stars }. O poți schimba până la { $until }.
rating-changed = Evaluarea ta pentru { $id } este acum { $stars }. O poți schimba până la { $until }.
rating-low-notice = ⚠ Evaluare slabă pentru { $id } · { $title }: { $stars } de la @{ $requester } — { $comment }
rating-comment-quoted = „{ $text }”
rating-no-comment = fără comentariu
rating-line = { $stars } { $score }/5 de la @{ $requester }, { $at } — { $comment }
field-rating = Evaluare
needed-ticket-requester = solicitantul tichetului (@{ $handle })
error-rating-score = Nota `{ $value }` nu este una dintre 1, 2, 3, 4, 5: folosește de la 1 (rău) la 5 (foarte bine), de ex. `/tichet evalueaza id:IT-1 nota:4`.
error-rating-not-resolved = { $id } nu poate fi evaluat încă: este { $status }. Evaluările sunt pentru tichete rezolvate; ești întrebat când se rezolvă.
error-rating-window-passed = { $id } nu mai poate fi evaluat: evaluarea se dă sau se schimbă în { $days } zile de la rezolvare, până la { $until }.
error-rating-score-first = Alege mai întâi o notă pentru { $id }: un buton de la 1 la 5 sau `/tichet evalueaza id:{ $id } nota:4 comentariu:"…"`.
digest-ratings = Evaluările solicitanților, ultimele { $days } zile: în medie { $whole },{ $tenths } ★, { $count ->
    [one] o evaluare
    [few] { $count } evaluări
   *[other] { $count } de evaluări
}
