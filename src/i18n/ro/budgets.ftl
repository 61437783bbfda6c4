## /budget: bugetele departamentelor și ce iau cererile din ele (src/core/service/budgets/).

period-examples = `2026-12`, `T4 2026`, `2027`, `decembrie 2026`
period-empty = Scrie o perioadă, de exemplu { period-examples }.
period-unreadable = Nu înțeleg perioada „{ $text }”. Scrie o lună, un trimestru sau un an, de exemplu { period-examples }.
period-bad-month = „{ $text }”: un an are lunile 1–12, nu { $month }. Scrie o perioadă ca { period-examples }.
period-bad-quarter = „{ $text }”: un an are trimestrele T1–T4, nu T{ $quarter }. Scrie o perioadă ca { period-examples }.
period-bad-year = „{ $text }”: bugetele sunt pentru anii 2000–2100. Scrie o perioadă ca { period-examples }.

field-budget = Buget
field-allocated = Alocat
field-committed = Angajat (în așteptare)
field-spent = Cheltuit (aprobat)
field-left = Rămas
field-over-budget = Peste buget

budget-title = Bugetul { $budget }
budget-used = { $amount } (folosit { $percent }%)
budget-state = angajat { $committed }, cheltuit { $spent }, rămas { $left } (folosit { $percent }%)
budget-state-over = angajat { $committed }, cheltuit { $spent }: { $over } peste buget (folosit { $percent }%)
budget-set = Bugetul { $budget } este de { $amount }: { $state }.
budget-changed = Bugetul { $budget } s-a schimbat din { $was } în { $amount }: { $state }.
budget-set-notice = Bugetul { $budget } este acum de { $amount } (setat de @{ $by }).
budget-none = Nu există un buget pentru { $budget }. `/buget seteaza` setează unul; `/buget lista` le arată pe cele care există.
budget-none-short = { $budget }: niciun buget setat
budget-none-running = { $dept }: niciun buget în curs azi
budget-list-header = Bugetele pentru { $period }:
budget-list-header-today = Bugetele în curs azi ({ $today }):
budget-list-line = { $budget }: { $allocated } · { $state }
budget-items-header = Cele mai mari sume:
budget-item-committed = angajată
budget-item-spent = cheltuită
budget-raised-by = Mărit prin { $id }: +{ $amount }

budget-line = { $budget }: { $allocated } — după aceasta rămân { $left }
budget-line-over = { $budget }: { $allocated } — după aceasta, { $over } peste buget
budget-line-now = { $budget }: { $allocated } — rămas { $left }
budget-line-none = { $budget }: niciun buget setat
budget-line-raise = { $budget }: { $allocated } — aprobarea îl mărește la { $after }
budget-line-raise-new = { $budget }: niciun buget setat — aprobarea îl setează la { $after }
budget-overrun-director-added = cere mai mult decât rămăsese în buget, așa că decide și un director (pasul { $step })
budget-overrun-director-already = cere mai mult decât rămăsese în buget; decide un director (pasul { $step })
budget-overrun-allowed = cere mai mult decât rămăsese în buget; organizația o lasă să treacă, spre informare
budget-over-notice = ⚠ Peste buget: { $budget }; { $overrun }.
approval-asked-notice-budget = @{ $requester } îți cere să aprobi { $id }: { $title }, { $amount } (pasul { $step } din { $steps }). Buget: { $budget }. Folosește ✅/❌ pe card sau `/aprobare aproba id:{ $id }` / `/aprobare respinge id:{ $id } motiv:…`.

budget-alert-running-low = ⚠ Bugetul { $budget } este folosit { $percent }%: { $used } din { $allocated } angajat sau cheltuit, rămas { $left }.
budget-alert-used-up = 🛑 Bugetul { $budget } s-a epuizat ({ $percent }%): { $used } din { $allocated } angajat sau cheltuit.

error-budget-dept-required = Spune bugetul cărui departament, de ex. dept:it.
error-budget-currency-kept = Bugetul { $budget } este ținut în { $currency }: scrie suma în { $currency }, de exemplu `30000 { $currency }`.
error-budget-no-rate = Nu există un curs de schimb pentru { $currency }, așa că niciun buget nu poate fi ținut în această monedă: folosește una dintre { $accepted }, de exemplu `30000 EUR`.
error-budget-request-no-rate = Bugetul { $budget } este ținut în { $expected } și nu există un curs de schimb pentru { $currency }. Scrie suma în { $expected }.
error-budget-period-kind = Doar cererile de buget numesc o perioadă: o cerere { $kind } se socotește în bugetele lunii în care e făcută. Renunță la perioada:.
error-budget-over = Bugetului { $budget } i-au rămas { $left }, iar cererea aceasta cere { $amount }. Cere mai puțin sau cere mai întâi un buget mai mare: `/aprobare cere tip:budget … perioada:…`.
needed-budget-setter = managerul contabilității, directorii și administratorii
needed-budget-setter-own = directorii și administratorii (managerul din { $dept } nu își setează niciodată propriul buget)
needed-budget-viewer = managerul din { $dept }, managerul contabilității, directorii și administratorii
needed-budget-lister = managerii, managerul contabilității, directorii și administratorii
