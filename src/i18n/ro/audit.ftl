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
audit-sealed-up-to = Intact până la sigiliul #{ $number }: evenimentul #{ $seq }, hash { $hash }. { $after ->
        [0] Nu s-a mai întâmplat nimic de atunci.
        [one] Un eveniment de atunci, încă nesigilat.
        [few] { $after } evenimente de atunci, încă nesigilate.
       *[other] { $after } de evenimente de atunci, încă nesigilate.
    }
audit-not-sealed = Jurnalul nu are încă niciun sigiliu, așa că cele mai noi evenimente ar fi putut fi șterse fără urmă: `/audit sigileaza` face unul.
audit-matches-given = Corespunde sigiliului dat de tine: evenimentul #{ $seq }, hash { $hash }.
audit-broken = Jurnalul de audit este COMPROMIS la evenimentul #{ $seq } ({ $object }, { $action }): { $reason }. Evenimente anterioare verificate: { $checked }.
audit-broken-row = Jurnalul de audit este COMPROMIS la evenimentul #{ $seq }: { $reason }. Evenimente anterioare verificate: { $checked }.
audit-fault-altered = conținutul său nu mai corespunde hash-ului (a fost modificat)
audit-fault-missing = evenimentul #{ $expected } lipsește (a fost șters)
audit-fault-unlinked = nu este legat de evenimentul anterior (a fost modificat sau reordonat)
audit-fault-below-one = are un număr mai mic decât 1, unde începe jurnalul (a fost inserat)
audit-fault-unreadable = coloana `{ $column }` nu poate fi citită (este deteriorată)
audit-witness-recorded = sigiliul #{ $number }
audit-witness-given = sigiliul dat de tine
audit-seal-differs = Jurnalul de audit NU corespunde cu { $witness }: evenimentul #{ $seq } ar trebui să aibă hash-ul { $hash }, dar are { $found }. Jurnalul a fost rescris până la acel eveniment.
audit-seal-truncated = Jurnalul de audit NU corespunde cu { $witness }: acesta acoperă evenimentul #{ $seq }, dar { $last ->
        [0] jurnalul nu are niciun eveniment.
       *[other] jurnalul se termină la evenimentul #{ $last }.
    } Cele mai noi evenimente au fost șterse.
audit-seal-own-missing = Jurnalul de audit NU corespunde cu sigiliul #{ $number }: evenimentul #{ $seq }, care a înregistrat sigiliul, lipsește sau a fost înlocuit. Cele mai noi evenimente au fost șterse.
audit-seal-unrecorded = Jurnalul de audit NU corespunde cu sigiliile sale: evenimentul #{ $seq } înregistrează sigiliul #{ $number }, pe care tabelul de sigilii nu îl are sau îl are altfel. Sigiliile au fost alterate.
audit-sealed = Am sigilat jurnalul de audit la evenimentul #{ $seq } (sigiliul #{ $number }) și l-am publicat în #{ $channel }.
audit-nothing-to-seal = Jurnalul de audit este gol: încă nu este nimic de sigilat.
audit-seal-notice = 🔏 Sigiliul de audit #{ $number } ({ $at }): evenimentul #{ $seq }, hash { $hash }. Pentru a verifica jurnalul față de el: `/audit verifica sigiliu:{ $token }`
audit-deep-agrees = Verificare completă: { $count ->
        [one] un tichet, o sarcină sau o cerere corespunde
        [few] { $count } tichete, sarcini și cereri corespund
       *[other] { $count } de tichete, sarcini și cereri corespund
    } istoricului.
audit-deep-skipped = Verificare completă: nu a rulat, pentru că lanțul însuși este compromis.
audit-deep-no-history = Verificare completă: { $object } nu are istoric: a fost adăugat pe la spatele opsdesk.
audit-deep-no-row = Verificare completă: { $object } are istoric (de la evenimentul #{ $seq }), dar nu mai există în date: a fost șters.
audit-deep-field = Verificare completă: { $object } diferă de istoricul său: { $field } este „{ $data }” în date, dar „{ $trail }” în jurnal (evenimentul #{ $seq }).
audit-deep-unrecorded-decision = Verificare completă: { $object } are o decizie pe care niciun eveniment nu o înregistrează (decizia { $n }: { $verdict } de { $by } pentru { $approver }, pasul { $step }).
audit-deep-missing-decision = Verificare completă: { $object }: evenimentul #{ $seq } înregistrează o decizie care nu există în date.
audit-deep-decision-field = Verificare completă: { $object }, decizia { $n }, diferă de evenimentul său #{ $seq }: { $field } este „{ $data }” în date, dar „{ $trail }” în jurnal.
error-object-id-invalid = `{ $value }` nu are un istoric: indică un id de tichet (IT-1), de sarcină (T-17), de cerere (A-5), de escaladare (E-3), un membru (@alice), un departament (dept:it) sau `audit` (sigiliile).
error-seal-invalid = `{ $value }` nu este un sigiliu: copiază-l din mesajul din canalul de audit, ca numărul evenimentului și hash-ul, separate de două puncte, de ex. sigiliu:17:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
