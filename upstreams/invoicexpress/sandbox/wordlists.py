"""Portuguese words the seeded organisations are made of."""

from __future__ import annotations

NAME_STEMS = (
    "Atlântico",
    "Tejo",
    "Douro",
    "Lusitânia",
    "Ribeira",
    "Alfama",
    "Boavista",
    "Estrela",
    "Belém",
    "Aliados",
    "Marquês",
    "Campo de Ourique",
)
TRADES = (
    "Consultoria",
    "Engenharia",
    "Distribuição",
    "Software",
    "Contabilidade",
    "Arquitetura",
    "Logística",
    "Comércio de Vinhos",
    "Serviços Digitais",
    "Design",
)
LEGAL_FORMS = ("Lda.", "S.A.", "Unipessoal Lda.")

FIRST_NAMES = ("Ana", "João", "Maria", "Pedro", "Inês", "Rui", "Sofia", "Tiago", "Beatriz")
LAST_NAMES = ("Silva", "Santos", "Ferreira", "Pereira", "Costa", "Martins", "Sousa", "Gonçalves")
MAILBOXES = ("geral", "faturacao", "contabilidade", "info")

CITIES: dict[str, tuple[tuple[str, ...], tuple[int, ...], str]] = {
    # city: (streets, four-digit postal areas, phone prefix)
    "Lisboa": (
        (
            "Avenida da Liberdade",
            "Rua Augusta",
            "Avenida da República",
            "Rua Castilho",
            "Avenida Fontes Pereira de Melo",
            "Rua Braamcamp",
            "Avenida Almirante Reis",
        ),
        (1050, 1069, 1100, 1150, 1250, 1600, 1700),
        "21",
    ),
    "Porto": (
        (
            "Avenida dos Aliados",
            "Rua de Santa Catarina",
            "Avenida da Boavista",
            "Rua de Cedofeita",
            "Rua do Almada",
            "Praça da Batalha",
        ),
        (4000, 4050, 4100, 4150, 4200),
        "22",
    ),
}
FLOORS = ("R/C", "1.º Esq.", "2.º Dto.", "3.º", "4.º Esq.", "5.º Dto.")
