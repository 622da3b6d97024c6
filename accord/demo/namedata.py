"""Hand-written, synthetic name lists of the Western Balkan communities.

Every list is ordered from most to least common (approximately); the generator gives the
n-th entry a Zipf-like weight, so ``Hoxha`` or ``Jovanović`` come up far more often than
the tail. Names are written in their community's own orthography:

- ``sq`` Albanian (Albania, Kosovo, North Macedonia): Latin with ë, ç, digraphs xh, gj, sh.
- ``bs`` Bosniak and ``hr`` Croat: Latin with č ć š ž đ dž.
- ``sr`` Serb: stored in Latin (Gaj); the generator renders Cyrillic by transliteration.
- ``mk`` Macedonian: stored in Macedonian Cyrillic; surnames in their masculine form
  (the feminine form is derived: -ски → -ска, -ов → -ова, -ев → -ева).

Given names and surnames are combined at random: no entry is a real person, and
:data:`BLOCKED_PAIRS` keeps the generator from assembling the full name of a well-known
public figure by chance.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BLOCKED_PAIRS", "COMMUNITIES", "CommunityNames"]


@dataclass(frozen=True, slots=True)
class CommunityNames:
    """The name lists of one community, in its canonical script."""

    code: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SQ = CommunityNames(
    code="sq",
    male=_words(
        """
        Arben Artan Besnik Blerim Driton Fatmir Agron Ilir Bujar Valon Arian Gëzim Ardit
        Endrit Erion Florian Gentian Luan Mentor Naim Sokol Skënder Shpëtim Ylli Dritan
        Edmond Ermal Fisnik Flamur Granit Labinot Liridon Lulzim Mërgim Petrit Rinor
        Shkëlzen Valmir Visar Xhevdet Xhemal Bekim Burim Besart Adem Avni Bajram Bashkim
        Ramadan Rexhep Ismet Isuf Hysen Qamil Qerim Sabri Shaban Fadil Fatos Gjergj Gjon
        Kastriot Lekë Nikollë Pjetër Zef Kujtim Muhamet Mehmet Ardian Armend Altin
        Alban Edon Enis Egzon Jeton Kushtrim Leotrim Orges Arlind Dardan Donat Ermir
        Eduart Engjëll Gazmend Hekuran Ilirjan Lorik Përparim Qëndrim Rron Sadri Vullnet
        Ylber Xhavit Çlirim Dhurim Ferit Halit Nexhat Sejdi Tahir Zenel
        """
    ),
    female=_words(
        """
        Arta Albana Anila Blerta Besa Drita Donika Elira Elona Erjona Fatmire Flutura
        Gentiana Hana Ilirjana Jehona Klodiana Lindita Liridona Mimoza Merita Majlinda
        Nora Rudina Shqipe Teuta Valbona Vlora Xhemile Yllka Zana Ardita Arbnora Besarta
        Dafina Edona Egzona Fjolla Ganimete Hajrije Kaltrina Lirije Mirlinda Njomza
        Qëndresa Rina Shpresa Valdete Vesa Zyrafete Fitore Lule Mirela Ornela Entela
        Eriselda Fatbardha Mrika Dhurata Afërdita Bora Dea Era Xhensila Ajshe Emine
        Fatime Hatixhe Kimete Sevdije Bukurije Manushaqe Drenusha
        """
    ),
    surnames=_words(
        """
        Krasniqi Gashi Hoxha Berisha Morina Shala Kelmendi Shehu Bytyqi Hasani Mustafa
        Ahmeti Rexhepi Musliu Hyseni Leka Dervishi Kola Çela Xhaferi Sinani Hysa Gjoka
        Prifti Marku Duka Zeqiri Halili Ramadani Kastrati Beqiri Jashari Osmani Sadiku
        Selimi Mehmeti Bajrami Lika Dema Toska Meta Brahimi Bekteshi Gjonaj Lleshi Ndreu
        Pllumbi Qosja Ymeri Zogaj Spahiu Elezi Hajdari Llapashtica Bislimi Mziu Rrahmani
        Avdiu Murati Bardhi Xhemaili Fejzullahu Hoti Dushku Gjini Vata Kuçi Lajçi Aliu
        Shkodra Sejdiu Tahiri Nuhiu Uka Veseli Zeka Haxhiu Përvizi Dibra Çollaku Malaj
        """
    ),
)

_SR = CommunityNames(
    code="sr",
    male=_words(
        """
        Nikola Marko Stefan Aleksandar Milan Dragan Nenad Zoran Dejan Goran Miloš Nemanja
        Luka Lazar Vladimir Ivan Dušan Srđan Miroslav Predrag Slobodan Bojan Vladan Uroš
        Đorđe Jovan Petar Milorad Miodrag Radovan Ljubomir Ljubiša Njegoš Dragoljub Živko
        Živorad Saša Boris Branko Čedomir Veljko Vuk Filip Mihajlo Dimitrije Andrija Sava
        Rade Radoslav Momčilo Obrad Stojan Tihomir Vojislav Zdravko Žarko Đuro Aleksa
        Ognjen Danilo Dragiša Mladen Nebojša Novak Strahinja Vukašin Budimir Dobrivoje
        """
    ),
    female=_words(
        """
        Jelena Milica Ana Marija Jovana Ivana Dragana Snežana Gordana Vesna Ljiljana
        Svetlana Tatjana Nataša Maja Mirjana Biljana Danijela Jasmina Katarina Teodora
        Sanja Sofija Anđela Tijana Nevena Bojana Slađana Ružica Zorica Dušica Olivera
        Radmila Vida Ksenija Đurđa Ljubica Nada Milena Stanislava Kristina Danica Žaklina
        Jagoda Dragica Vukosava Desanka Mileva Stojanka Zlatija
        """
    ),
    surnames=_words(
        """
        Jovanović Petrović Nikolić Marković Đorđević Stojanović Ilić Stanković Pavlović
        Popović Đokić Živković Todorović Kostić Ristić Lazić Mitrović Savić Tomić
        Obradović Milovanović Vasić Stevanović Pešić Kovačević Radovanović Lukić Simić
        Marinković Filipović Božić Cvetković Jović Ivanović Knežević Đurić Mladenović
        Radosavljević Milutinović Nedeljković Vučković Ljubisavljević Janković Šarić
        Ćirić Gajić Veljković Matić Perić Babić Zdravković Njegovanović Čolović Ćosić
        Dželetović Šćepanović Vujošević Bulatović Raičević Đukanović Milić Arsić Ljubić
        """
    ),
)

_BS = CommunityNames(
    code="bs",
    male=_words(
        """
        Amir Adnan Almir Emir Haris Kenan Mirza Edin Nermin Senad Samir Jasmin Elvir
        Dženan Admir Armin Tarik Faruk Muhamed Ahmed Mehmed Husein Hasan Alija Ibrahim
        Ismet Safet Sead Enes Eldin Nihad Benjamin Harun Hamza Kerim Vedad Dino Edis Emin
        Suad Mersad Semir Nedim Adem Asim Ćamil Fikret Salih Šefik Hajrudin Džemal
        Muhidin Nijaz Ramiz Zijad Rasim Mensur
        """
    ),
    female=_words(
        """
        Amra Amina Lejla Selma Emina Aida Alma Azra Belma Dženana Ajla Merima Elma Adna
        Naida Sabina Medina Nermina Mirela Jasmina Sanela Edina Hana Esma Fatima Hajra
        Šejla Maida Lamija Ilma Džana Mejra Sumeja Hatidža Zehra Fadila Mevlida Senada
        Enisa Šaćira Nedžada Habiba
        """
    ),
    surnames=_words(
        """
        Hodžić Hadžić Begić Delić Mehmedović Hasanović Salihović Ibrahimović Mujić Husić
        Karić Hrustić Omerović Alić Halilović Ahmetović Suljić Osmanović Dedić Softić
        Ćatić Mujanović Selimović Kovačević Bešić Čaušević Džafić Šabić Hamzić Imamović
        Mešić Kadrić Mahmutović Smajić Zukić Avdić Hadžiahmetović Bajrić Pašić Spahić
        Sarajlić Đulović Kurtović Mulalić Čolaković Zahirović Džananović Šehić Tahirović
        """
    ),
)

_HR = CommunityNames(
    code="hr",
    male=_words(
        """
        Ivan Josip Marko Ante Luka Mario Tomislav Stjepan Marijan Krešimir Zvonimir Ivica
        Dario Željko Damir Hrvoje Mate Nikola Franjo Petar Domagoj Ivo Kristijan Dražen
        Zoran Darko Mladen Vinko Jure Šime Filip Matej Karlo Ljudevit Dujam Anđelko
        """
    ),
    female=_words(
        """
        Ana Marija Ivana Katarina Petra Lucija Marina Kristina Mirjana Snježana Ružica
        Mira Ljubica Anita Martina Nikolina Dubravka Vesna Željka Mateja Antonija Iva
        Dijana Branka Jadranka Zrinka Anđa Đurđica
        """
    ),
    surnames=_words(
        """
        Horvat Kovačević Babić Marić Jurić Novak Kovačić Knežević Vuković Marković Perić
        Pavlović Matić Tomić Božić Blažević Grgić Pavić Radić Šarić Lovrić Jukić Petrović
        Barišić Ćosić Bošnjak Martinović Vidović Perković Mandić Filipović Jelić Zovko
        Ćorić Rajić Ivanković Prskalo Šimić Bagarić Džaja Ljubić Čuljak
        """
    ),
)

_MK = CommunityNames(
    code="mk",
    male=_words(
        """
        Александар Никола Горан Дејан Зоран Игор Владимир Стефан Марко Давид Филип Бојан
        Благоја Ѓорѓи Трајче Трајко Драган Методија Кирил Илија Петар Влатко Тони
        Христијан Бобан Митко Кочо Љупчо Панче Живко Атанас Тодор Ристо Васил Јован
        Мартин Даниел Дарко Сашо Ненад Гоце Костадин Борис Ацо Глигор Ѓоко Ѕвонко Ќире
        Џемаил Ташко Чедо Шефки
        """
    ),
    female=_words(
        """
        Марија Ана Елена Ивана Билјана Весна Снежана Сања Катерина Марина Јасмина
        Даниела Викторија Александра Наташа Светлана Лилјана Емилија Благица Драгица
        Теодора Симона Сара Тамара Мирјана Гордана Бисера Верица Цветанка Жаклина Маја
        Кристина Ангела Ѓурѓа Ѓурѓица Џулијана Љубица Ѕвездана
        """
    ),
    surnames=_words(
        """
        Николовски Стојановски Трајковски Петровски Јовановски Ристовски Димитровски
        Стојанов Ѓорѓиевски Георгиевски Костовски Илиевски Митревски Атанасов
        Спасовски Ангеловски Богдановски Марковски Тодоровски Наумовски Симоновски
        Велјановски Стефановски Андоновски Кузмановски Јанкуловски Ѓоргиев Димов
        Христов Ивановски Ѓуровски Џамбазов Ќосевски Ѕвездановски Кочовски Филиповски
        Арсовски Дамјановски Цветковски Ефремов Ташевски Чаловски Шапкарев Љубевски
        Жежовски Чулев Ангелов Јовчевски
        """
    ),
)

COMMUNITIES: dict[str, CommunityNames] = {c.code: c for c in (_SQ, _SR, _BS, _HR, _MK)}

# (given name, surname) pairs the generator never emits together: full names of
# well-known public figures of the region, written as they appear in the lists above.
BLOCKED_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {
        ("Alija", "Izetbegović"),
        ("Bakir", "Izetbegović"),
        ("Ibrahim", "Rugova"),
        ("Sali", "Berisha"),
        ("Hashim", "Thaçi"),
        ("Albin", "Kurti"),
        ("Edi", "Rama"),
        ("Slobodan", "Milošević"),
        ("Milo", "Đukanović"),
        ("Aleksandar", "Vučić"),
        ("Vjosa", "Osmani"),
        ("Ramush", "Haradinaj"),
        ("Ilir", "Meta"),
        ("Lulzim", "Basha"),
        ("Fatmir", "Sejdiu"),
        ("Behgjet", "Pacolli"),
        ("Nikola", "Gruevski"),
        ("Zoran", "Zaev"),
        ("Zoran", "Đinđić"),
        ("Vojislav", "Koštunica"),
        ("Boris", "Tadić"),
        ("Ivica", "Dačić"),
        ("Milorad", "Dodik"),
        ("Dragan", "Čović"),
        ("Željko", "Komšić"),
        ("Haris", "Silajdžić"),
        ("Ana", "Brnabić"),
        ("Ivan", "Đurić"),
    }
)
