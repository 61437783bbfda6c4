## /audit

audit-history-header = Istoricul pentru { $object } ({ $count ->
        [one] un eveniment
        [few] { $count } evenimente
       *[other] { $count } de evenimente
    }):
audit-intact = Jurnalul de audit este intact: { $count ->
        [one] un eveniment verificat
        [few] { $count } evenimente verificate
       *[other] { $count } de evenimente verificate
    }.
audit-broken = Jurnalul de audit este COMPROMIS la evenimentul #{ $seq } ({ $object }, { $action }): { $reason }. Evenimente anterioare verificate: { $checked }.
audit-fault-altered = conținutul său nu mai corespunde hash-ului (a fost modificat)
audit-fault-missing = evenimentul #{ $expected } lipsește (a fost șters)
audit-fault-unlinked = nu este legat de evenimentul anterior (a fost modificat sau reordonat)
error-object-id-invalid = `{ $value }` nu are un istoric: indică un id de tichet (IT-1), de sarcină (T-17), de cerere (A-5), de escaladare (E-3), un membru (@alice) sau un departament (dept:it).
