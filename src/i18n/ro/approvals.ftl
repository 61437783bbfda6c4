## /approval, decizii, delegare, expirare

approval-status-pending = în așteptare
approval-status-approved = aprobată
approval-status-rejected = respinsă
approval-status-withdrawn = retrasă
approval-status-expired = expirată

field-kind = Tip
field-amount = Sumă
field-counted-as = Socotită ca
approval-counted-as = { $amount } la cursul { $rate }
field-step = Pasul { $n }
approval-quorum-any = oricare dintre ei
approval-quorum-all = toți
approval-quorum-with-previous = o singură decizie cu pasul { $step }: aceeași persoană, ambele roluri
approval-step-nobody = nimeni deocamdată

action-approve = Aprobă
action-reject = Respinge
action-reject-input = De ce este respinsă?
error-action-needs-input = Este nevoie mai întâi de un text: pe Discord, apasă butonul de pe cardul lui { $id } (ți-l va cere) sau folosește comanda cu `reason:`.

approval-requested = Ai trimis cererea { $id }: { $title } — { $waiting }.
approval-card-intro = Cerere de aprobare de la @{ $requester }:
approval-waiting-on = așteaptă decizia lui { $approvers } (pasul { $step } din { $steps })
approval-waiting-on-nobody = așteaptă la pasul { $step } din { $steps } un aprobator pe care organizația nu îl mai are; un administrator trebuie să numească unul cu `/membru seteaza`
approval-asked-notice = @{ $requester } îți cere să aprobi { $id }: { $title } (pasul { $step } din { $steps }). Folosește ✅/❌ pe card sau `/aprobare aproba id:{ $id }` / `/aprobare respinge id:{ $id } motiv:…`.
approval-asked-notice-amount = @{ $requester } îți cere să aprobi { $id }: { $title }, { $amount } (pasul { $step } din { $steps }). Folosește ✅/❌ pe card sau `/aprobare aproba id:{ $id }` / `/aprobare respinge id:{ $id } motiv:…`.
approval-you-approved = Ai aprobat { $id } (pasul { $step } din { $steps }).
approval-you-approved-steps = Ai aprobat { $id } (pașii { $from }–{ $to } din { $steps }): o singură decizie pentru pașii în care ai ambele roluri.
approval-you-rejected = Ai respins { $id } (pasul { $step } din { $steps }).
approval-on-behalf = { $decided } Decizia a fost înregistrată în numele lui @{ $handle }, pe care îl înlocuiești.
approval-approved-notice = ✅ { $id } este aprobată: { $title } — decizie luată de { $deciders }.
approval-rejected-notice = ❌ { $id } a fost respinsă de @{ $by }: { $title } — „{ $reason }”.
approval-withdrawn = { $id } este retrasă.
approval-withdrawn-notice = { $id } ({ $title }) a fost retrasă; nu mai este nimic de decis.
approval-unassigned-notice = { $id } ({ $title }) nu mai așteaptă decizia ta după o schimbare în organizație: { $waiting }.
approval-version = Versiunea conținutului: { $hash }
approval-decision-comment = { $decision } — „{ $comment }”
approval-decision-approve = Pasul { $step }: ✅ @{ $by }, { $at }, pe versiunea { $hash }
approval-decision-approve-for = Pasul { $step }: ✅ @{ $by } în numele lui @{ $approver }, { $at }, pe versiunea { $hash }
approval-decision-reject = Pasul { $step }: ❌ @{ $by }, { $at }, pe versiunea { $hash }
approval-decision-reject-for = Pasul { $step }: ❌ @{ $by } în numele lui @{ $approver }, { $at }, pe versiunea { $hash }
approval-list-header = { $count ->
    [one] O cerere:
    [few] { $count } cereri:
   *[other] { $count } de cereri:
}
approval-list-empty = Nicio cerere aici.
approval-delegated = Până la { $until }, cererile care așteaptă decizia ta pot fi decise și de @{ $handle }.
approval-delegated-notice = @{ $handle } lipsește până la { $until }: aprobările sale ajung și la tine.
approval-delegation-off = Delegarea ta este dezactivată; cererile așteaptă doar decizia ta.
approval-stale-reminder = ⏰ { $id } ({ $title }) încă așteaptă decizia ta.
approval-reminder-line = { $id } · { $title }
approval-expired-notice = { $id } ({ $title }) a expirat: pasul { $step } a așteptat prea mult fără o decizie. Trimite o cerere nouă dacă mai este nevoie.

error-approval-id-invalid = `{ $id }` nu este un id de cerere: id-urile de cerere arată ca A-5.
error-unknown-approval = Nu există cererea { $id }. `/aprobare lista` îți arată cererile.
error-approval-dept-required = Spune pentru ce departament este, de ex. dept:it.
error-approval-no-approver = Nimeni nu poate aproba pasul { $step } al acestei cereri; cere unui administrator să verifice politica de aprobare.
error-approval-closed = { $id } este { $status }; nu mai acceptă decizii.
error-approval-own = Nu poți lua o decizie pentru { $id }: este cererea ta.
error-approval-nobody = { $id } { $waiting }.
error-approval-not-yours = { $id } { $waiting }; tu nu ești printre aprobatori.
error-approval-already-decided = Decizia ta pentru { $id } este deja înregistrată; fiecare persoană contează o singură dată.
error-approval-earlier-step = Ai aprobat pasul { $step } al cererii { $id }; pasul următor trebuie decis de altă persoană.
error-approval-withdraw-not-yours = Doar @{ $handle }, care a trimis cererea { $id }, o poate retrage.
error-approval-view-invalid = `{ $value }` nu este o listă: folosește mine sau waiting.
error-delegate-self = Nu poți delega către tine; numește pe altcineva, de ex. catre:@dan.
error-delegate-past = { $until } a trecut deja; alege o dată de azi încolo, de ex. until:2026-12-20.
error-delegate-none = Nu ai nicio delegare de dezactivat.
needed-approval-party = solicitantul, aprobatorii cererii, managerul departamentului, directorii și administratorii
