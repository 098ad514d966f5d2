"""Regenerate the benchmark's PDF document (the FUI call for projects) from the texts below.

Run from /work/main: ``.venv/bin/python bench/generalisation/make_documents.py``.
The text is invented for testing (a fixture), written by the project; it is not a published call.
Each page is drawn line by line in Helvetica (cp1252), so lines stay short and unhyphenated.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests"))

from pdfs import write_pdf  # noqa: E402

TITLE = "Fonds unique interministériel - Appel à projets R&D collaboratifs 2026"

PAGE_1 = """FONDS UNIQUE INTERMINISTÉRIEL (FUI) - RÉGIONS
Appel à projets de R&D collaborative - édition 2026
Cahier des charges (document de test rédigé pour le projet, sans valeur officielle)

1. OBJET DE L'APPEL À PROJETS
Le présent appel à projets vise à soutenir des projets de recherche et développement
collaboratifs, labellisés par au moins un pôle de compétitivité, qui débouchent sur la mise
sur le marché de produits, de procédés ou de services innovants à un horizon de cinq ans.
L'appel est opéré par Bpifrance pour le compte de l'État et des régions partenaires, sous
le pilotage de la direction générale des entreprises (DGE).
L'enveloppe nationale réservée à cette édition s'élève à 45 M€, complétée par les
cofinancements des régions partenaires pour un montant équivalent.

2. PROJETS ÉLIGIBLES
Pour être éligible, un projet doit remplir l'ensemble des conditions suivantes :
- associer au moins deux entreprises et un laboratoire de recherche ou un établissement
  d'enseignement supérieur ;
- être labellisé par au moins un pôle de compétitivité avant la date de clôture ;
- présenter un budget total compris entre 1 M€ et 6 M€ de dépenses éligibles ;
- avoir une durée comprise entre 24 et 48 mois ;
- réaliser au moins 50 % des dépenses sur le territoire français ;
- compter au moins une PME ou une ETI parmi les partenaires industriels ;
- ne pas avoir démarré avant la date de dépôt du dossier.
Les projets portés par une seule entreprise ne sont pas recevables dans cet appel.

3. THÉMATIQUES PRIORITAIRES
Les projets relevant des thématiques suivantes feront l'objet d'une attention particulière :
- décarbonation de l'industrie et efficacité énergétique des procédés ;
- santé et technologies médicales ;
- numérique de confiance, cybersécurité et intelligence artificielle embarquée ;
- agriculture et alimentation durables ;
- matériaux biosourcés et recyclage."""

PAGE_2 = """4. MODALITÉS DE FINANCEMENT
L'aide est accordée sous forme de subvention. Son taux maximal dépend de la catégorie
du bénéficiaire, appréciée au sens de la réglementation européenne :
- petite ou moyenne entreprise (PME) : 45 % des dépenses éligibles ;
- entreprise de taille intermédiaire (ETI) : 30 % des dépenses éligibles ;
- grande entreprise : 25 % des dépenses éligibles ;
- laboratoire public ou établissement d'enseignement supérieur : 100 % des coûts
  marginaux, ou 40 % des coûts complets.
L'aide accordée à un même partenaire ne peut dépasser 1,5 M€ pour l'ensemble du projet.
Pour les PME, une avance de 30 % de l'aide est versée à la signature de la convention.
Le solde est versé après remise du rapport final et de l'état récapitulatif des dépenses.

5. DÉPENSES ÉLIGIBLES
Sont éligibles les dépenses engagées à compter de la date de dépôt du dossier :
- frais de personnel affecté au projet (salaires et charges sociales) ;
- frais généraux, retenus forfaitairement à hauteur de 20 % des frais de personnel ;
- amortissement des équipements et instruments, au prorata de leur usage ;
- prestations de sous-traitance, dans la limite de 30 % du budget du partenaire ;
- frais de propriété intellectuelle liés au projet.
Un partenaire dont les dépenses éligibles sont inférieures à 300 000 € ne peut pas
être chef de file du consortium.

6. CRITÈRES DE SÉLECTION
Les dossiers recevables sont évalués selon les critères suivants :
- caractère innovant du projet et niveau de rupture technologique ;
- retombées économiques attendues, en emplois et en chiffre d'affaires ;
- qualité du consortium et équilibre de la répartition des travaux ;
- place des PME dans le projet ;
- impact environnemental, notamment la contribution à la décarbonation.
La sélection est arrêtée par le comité des financeurs, qui réunit l'État, Bpifrance et
les régions partenaires, après expertise de chaque dossier par deux experts indépendants."""

PAGE_3 = """7. CALENDRIER
- Ouverture de l'appel à projets : 15 janvier 2026.
- Date limite de labellisation par les pôles : 6 mars 2026.
- Clôture du dépôt des dossiers : 31 mars 2026 à 12 h (heure de Paris).
- Audition des projets présélectionnés : semaine du 18 mai 2026.
- Comité des financeurs : 2 juillet 2026.
- Notification des résultats : au plus tard le 31 juillet 2026.
- Démarrage des projets : au plus tôt le 1er septembre 2026.
Aucun dossier ne sera accepté après la date et l'heure de clôture.

8. DOSSIER À FOURNIR
Le dossier est déposé en une seule fois sur la plateforme de dépôt de Bpifrance.
Il comprend les pièces suivantes :
- l'annexe technique, de 40 pages au maximum, décrivant les travaux et les livrables ;
- l'annexe financière de chaque partenaire, établie sur le modèle fourni ;
- la lettre de labellisation délivrée par le ou les pôles de compétitivité ;
- un extrait Kbis de moins de trois mois pour chaque entreprise ;
- l'attestation sur l'honneur de la qualité de PME, le cas échéant ;
- une lettre d'engagement signée par le représentant légal de chaque partenaire.
L'accord de consortium n'est pas exigé au dépôt ; il doit être signé dans les six mois
suivant la notification de l'aide, faute de quoi le second versement est suspendu.

9. ENGAGEMENTS DES BÉNÉFICIAIRES
Les bénéficiaires s'engagent à transmettre un rapport d'avancement tous les 12 mois,
à mentionner le soutien de l'État et des régions dans leurs communications et à
répondre pendant trois ans après la fin du projet aux enquêtes sur ses retombées."""

PAGE_4 = """10. CONTACTS
Questions sur l'éligibilité et le dépôt des dossiers :
- Bpifrance, direction de l'innovation - fui2026@bpifrance-test.example
Questions sur la politique des pôles et la labellisation :
- Direction générale des entreprises, bureau des pôles - poles@dge-test.example
- Chaque pôle de compétitivité reste l'interlocuteur des porteurs pour le montage
  et la labellisation de leur projet.
Une réunion d'information en ligne est organisée le 29 janvier 2026 à 10 h ; l'inscription
se fait sur le site de Bpifrance.

11. QUESTIONS FRÉQUENTES SUR L'APPEL
Un laboratoire étranger peut-il participer ?
Oui, en qualité de partenaire non financé : ses dépenses ne sont pas prises en charge.
Un projet refusé lors d'une édition précédente peut-il être déposé à nouveau ?
Oui, à condition d'avoir été modifié pour tenir compte de l'avis du comité des financeurs.
Une même entreprise peut-elle participer à plusieurs projets ?
Oui, dans la limite de trois projets déposés par entreprise et par édition.

Document de test - édition 2026 - version du 8 décembre 2025."""


def main() -> None:
    target = HERE / "documents" / "appel-a-projets-fui.pdf"
    pages = [PAGE_1, PAGE_2, PAGE_3, PAGE_4]
    for number, page in enumerate(pages, start=1):
        lines = page.split("\n")
        assert len(lines) <= 45, f"page {number} has {len(lines)} lines"
        for line in lines:
            assert len(line) <= 95, f"page {number}: line too long: {line!r}"
            line.encode("cp1252")  # raises on a character the PDF font cannot draw
    write_pdf(target, pages=pages, title=TITLE)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
