"""The judged corpus: 30 English and 30 Arabic articles, and queries with the article that
must come first. Distractors share words with the targets so ranking has to work."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.factories import make_article

# key: (headline, body)
ENGLISH = {
    "floods": (
        "Floods displace thousands in Bangladesh delta",
        "Monsoon rains swelled the rivers and flooded hundreds of villages. Relief "
        "agencies distributed food and clean water.",
    ),
    "runoff": (
        "France votes in tight presidential runoff",
        "Voters chose between two candidates after a bitter campaign about pensions.",
    ),
    "wildfire": (
        "Wildfires force evacuations across California",
        "Firefighters battled the blaze as strong winds pushed flames toward homes.",
    ),
    "quake": (
        "Earthquake of magnitude 7.1 strikes central Turkey",
        "Buildings collapsed and rescue teams searched the rubble for survivors.",
    ),
    "opec": (
        "Oil prices climb after OPEC cuts output",
        "Brent crude rose as producers agreed to pump fewer barrels next quarter.",
    ),
    "measles": (
        "Health ministry launches measles vaccination drive",
        "Nurses will vaccinate children in schools against measles and polio.",
    ),
    "shootout": (
        "Champions League final ends in penalty shootout",
        "The goalkeeper saved two penalties to win the trophy for his club.",
    ),
    "drought": (
        "Drought threatens harvest in the Horn of Africa",
        "Farmers lost their crops and herders their cattle as the rains failed again.",
    ),
    "ransomware": (
        "Hackers breach hospital network with ransomware",
        "Surgeons postponed operations while engineers restored the computer systems.",
    ),
    "satellite": (
        "Rocket carries weather satellite into orbit",
        "The satellite will help forecasters track storms over the Atlantic.",
    ),
    "boats": (
        "Refugees cross the Mediterranean in overcrowded boats",
        "Coast guards rescued migrants from sinking dinghies off the Libyan coast.",
    ),
    "rates": (
        "Inflation eases as central bank holds interest rates",
        "Consumer prices rose more slowly, and the bank kept its benchmark rate unchanged.",
    ),
    "tuition": (
        "Students protest tuition increases in Santiago",
        "Thousands of students marched to the education ministry demanding free study.",
    ),
    "ceasefire": (
        "Ceasefire talks resume in Cairo",
        "Negotiators met mediators to discuss a truce and the exchange of prisoners.",
    ),
    "elephants": (
        "Poachers target elephants in Kenyan reserve",
        "Rangers found carcasses stripped of ivory near the park border.",
    ),
    "ai-law": (
        "Parliament debates artificial intelligence regulation",
        "Lawmakers argued over rules for chatbots, facial recognition and deepfakes.",
    ),
    "dockers": (
        "Dock workers strike halts shipping at Rotterdam port",
        "Container ships queued offshore as unions demanded higher wages.",
    ),
    "volcano": (
        "Volcano erupts in Iceland as lava reaches town",
        "Residents of Grindavik were evacuated before the eruption began.",
    ),
    "tennis": (
        "Teenager wins first Grand Slam tennis title",
        "The seventeen-year-old beat the world number one in three sets.",
    ),
    "malaria": (
        "New malaria treatment shows promise in trials",
        "Researchers said the drug cleared the parasite in most patients within days.",
    ),
    "rents": (
        "Housing shortage pushes rents to record highs in Berlin",
        "Tenants said landlords demanded double the rent of five years ago.",
    ),
    "coral": (
        "Coral reefs bleach as ocean temperatures soar",
        "Scientists recorded mass bleaching on the Great Barrier Reef.",
    ),
    "torch": (
        "Olympic torch relay begins in Athens",
        "The flame was lit at ancient Olympia before its journey to the host city.",
    ),
    "cholera": (
        "Cholera outbreak spreads in Yemen camps",
        "Doctors warned that dirty water and crowded shelters spread the disease.",
    ),
    "lira": (
        "Lira slides to record low against the dollar",
        "Traders sold the currency as investors worried about the deficit.",
    ),
    "antiquities": (
        "Looted antiquities returned to Iraq's national museum",
        "Thousands of clay tablets smuggled abroad went back on display in Baghdad.",
    ),
    "railway": (
        "High-speed train line opens between Madrid and Lisbon",
        "The railway cuts the journey between the two capitals to three hours.",
    ),
    "heatwave": (
        "Heatwave breaks temperature records across India",
        "Hospitals treated hundreds of people for heatstroke as temperatures passed 48C.",
    ),
    "journalist": (
        "Journalist released after months in detention",
        "The reporter thanked colleagues who campaigned for her freedom.",
    ),
    "solar": (
        "Desert solar farm powers a million homes in Morocco",
        "The solar plant near Ouarzazate stores heat to supply electricity at night.",
    ),
    # Distractors: they share words with targets but are not about them.
    "x-cricket": ("Bangladesh cricket team wins series", "Fans celebrated in Dhaka."),
    "x-oil-body": (
        "Fishermen count losses after storm",
        "A spill of oil from a tanker fouled the harbour after the storm.",
    ),
    "x-rates-body": (
        "Car sales fall in Europe",
        "Dealers blamed interest on loans and high prices of new models.",
    ),
    "x-students": ("University opens new library", "Students queued for the opening."),
}

# (query, key that must come first)
ENGLISH_QUERIES = [
    ("flooding bangladesh", "floods"),
    ("presidential runoff", "runoff"),
    ("wildfire evacuation", "wildfire"),
    ("earthquake turkey", "quake"),
    ("oil", "opec"),
    ("measles vaccine", "measles"),
    ("penalty shootout", "shootout"),
    ("drought harvest", "drought"),
    ("ransomware", "ransomware"),
    ("satellite orbit", "satellite"),
    ("refugee boat", "boats"),
    ("interest rates", "rates"),
    ("student protests", "tuition"),
    ("ceasefire talks", "ceasefire"),
    ("elephant poachers", "elephants"),
    ("artificial intelligence", "ai-law"),
    ("dock strike", "dockers"),
    ("volcano eruption iceland", "volcano"),
    ("grand slam", "tennis"),
    ("malaria", "malaria"),
    ("rent berlin", "rents"),
    ("coral bleaching", "coral"),
    ("olympic torch", "torch"),
    ("cholera yemen", "cholera"),
    ("lira", "lira"),
    ("looted antiquities", "antiquities"),
    ('"high-speed train"', "railway"),
    ("heatwave india", "heatwave"),
    ("journalist released", "journalist"),
    ("solar morocco", "solar"),
]

ARABIC = {
    "floods": (
        "فيضانات تشرد الآلاف في بنغلاديش",
        "أمطار موسمية غزيرة أغرقت مئات القرى ووزعت وكالات الإغاثة الطعام والمياه.",
    ),
    "runoff": (
        "الفرنسيون يصوتون في جولة الإعادة للانتخابات الرئاسية",
        "اختار الناخبون بين مرشحين اثنين بعد حملة حادة حول التقاعد.",
    ),
    "wildfire": (
        "حرائق الغابات تجبر السكان على الإخلاء في كاليفورنيا",
        "كافح رجال الإطفاء النيران بينما دفعت الرياح اللهب نحو المنازل.",
    ),
    "quake": (
        "زلزال بقوة 7.1 درجات يضرب وسط تركيا",
        "انهارت مبان وبحثت فرق الإنقاذ عن ناجين تحت الأنقاض.",
    ),
    "opec": (
        "أسعار النفط ترتفع بعد خفض أوبك للإنتاج",
        "ارتفع خام برنت بعد اتفاق المنتجين على ضخ كميات أقل من البراميل.",
    ),
    "measles": (
        "وزارة الصحة تطلق حملة تطعيم ضد الحصبة",
        "سيقوم الممرضون بتطعيم الأطفال في المدارس ضد الحصبة وشلل الأطفال.",
    ),
    "shootout": (
        "نهائي دوري أبطال أوروبا يحسم بركلات الترجيح",
        "تصدى الحارس لركلتين ليمنح ناديه الكأس.",
    ),
    "drought": (
        "الجفاف يهدد المحاصيل في القرن الأفريقي",
        "خسر المزارعون محاصيلهم والرعاة ماشيتهم بعد انقطاع الأمطار.",
    ),
    "ransomware": (
        "قراصنة يخترقون شبكة مستشفى ببرنامج فدية",
        "أجل الجراحون العمليات بينما أعاد المهندسون تشغيل الحواسيب.",
    ),
    "satellite": (
        "صاروخ يحمل قمرا صناعيا للأرصاد الجوية إلى المدار",
        "سيساعد القمر الصناعي المتنبئين على تتبع العواصف.",
    ),
    "boats": (
        "لاجئون يعبرون البحر المتوسط في قوارب مكتظة",
        "أنقذ خفر السواحل مهاجرين من زوارق تغرق قبالة الساحل الليبي.",
    ),
    "rates": (
        "التضخم يتراجع والبنك المركزي يثبت أسعار الفائدة",
        "ارتفعت أسعار المستهلكين ببطء وأبقى البنك على سعره الرئيسي.",
    ),
    "tuition": (
        "طلاب يتظاهرون ضد رفع الرسوم الدراسية",
        "سار آلاف الطلاب إلى وزارة التعليم مطالبين بالتعليم المجاني.",
    ),
    "ceasefire": (
        "استئناف محادثات وقف إطلاق النار في القاهرة",
        "التقى المفاوضون بالوسطاء لبحث الهدنة وتبادل الأسرى.",
    ),
    "elephants": (
        "صيادون غير شرعيين يستهدفون الفيلة في محمية كينية",
        "عثر الحراس على جثث منزوعة العاج قرب حدود المحمية.",
    ),
    "ai-law": (
        "البرلمان يناقش تنظيم الذكاء الاصطناعي",
        "اختلف النواب حول قواعد روبوتات الدردشة والتعرف على الوجوه.",
    ),
    "dockers": (
        "إضراب عمال الموانئ يوقف الشحن في روتردام",
        "اصطفت سفن الحاويات في البحر بينما طالبت النقابات بأجور أعلى.",
    ),
    "volcano": (
        "ثوران بركان في آيسلندا والحمم تصل إلى بلدة",
        "أجلي سكان غريندافيك قبل بدء الثوران.",
    ),
    "tennis": (
        "مراهق يفوز بأول لقب كبير في التنس",
        "تغلب اللاعب البالغ سبعة عشر عاما على المصنف الأول في ثلاث مجموعات.",
    ),
    "malaria": (
        "علاج جديد للملاريا يظهر نتائج واعدة",
        "قال الباحثون إن الدواء قضى على الطفيلي لدى معظم المرضى خلال أيام.",
    ),
    "rents": (
        "أزمة السكن ترفع الإيجارات إلى مستويات قياسية في برلين",
        "قال المستأجرون إن الملاك طلبوا ضعف الإيجار.",
    ),
    "coral": (
        "ابيضاض الشعاب المرجانية مع ارتفاع حرارة المحيطات",
        "سجل العلماء ابيضاضا واسعا في الحاجز المرجاني العظيم.",
    ),
    "torch": (
        "انطلاق مسيرة الشعلة الأولمبية من أثينا",
        "أوقدت الشعلة في أولمبيا القديمة قبل رحلتها إلى المدينة المضيفة.",
    ),
    "cholera": (
        "تفشي الكوليرا في مخيمات اليمن",
        "حذر الأطباء من أن المياه الملوثة والملاجئ المكتظة تنشر المرض.",
    ),
    "lira": (
        "الليرة تهبط إلى مستوى قياسي أمام الدولار",
        "باع المتعاملون العملة وسط قلق المستثمرين من العجز.",
    ),
    "antiquities": (
        "إعادة آثار منهوبة إلى المتحف الوطني العراقي",
        "عادت آلاف الألواح الطينية المهربة إلى العرض في بغداد.",
    ),
    "railway": (
        "افتتاح خط قطار سريع بين مدريد ولشبونة",
        "يختصر الخط الرحلة بين العاصمتين إلى ثلاث ساعات.",
    ),
    "heatwave": (
        "موجة حر تحطم الأرقام القياسية في الهند",
        "عالجت المستشفيات مئات المصابين بضربات الشمس.",
    ),
    "journalist": (
        "الإفراج عن صحفي بعد أشهر من الاحتجاز",
        "شكر الصحفي زملاءه الذين طالبوا بحريته.",
    ),
    "solar": (
        "محطة طاقة شمسية في الصحراء تزود مليون منزل بالكهرباء في المغرب",
        "تخزن المحطة قرب ورزازات الحرارة لتوفير الكهرباء ليلا.",
    ),
    "x-cricket": ("منتخب بنغلاديش للكريكيت يفوز بالسلسلة", "احتفل المشجعون في دكا."),
    "x-oil-body": (
        "الصيادون يحصون خسائرهم بعد العاصفة",
        "تسرب النفط من ناقلة ولوث الميناء بعد العاصفة.",
    ),
}

ARABIC_QUERIES = [
    ("فيضانات بنغلاديش", "floods"),
    ("الانتخابات الرئاسية", "runoff"),
    ("حرائق الغابات", "wildfire"),
    ("زلزال تركيا", "quake"),
    ("النفط", "opec"),
    ("تطعيم الحصبة", "measles"),
    ("ركلات الترجيح", "shootout"),
    ("الجفاف", "drought"),
    ("قراصنة فدية", "ransomware"),
    ("القمر الصناعي", "satellite"),
    ("لاجئون المتوسط", "boats"),
    ("أسعار الفائدة", "rates"),
    ("الرسوم الدراسية", "tuition"),
    ("وقف إطلاق النار", "ceasefire"),
    ("الفيلة", "elephants"),
    ("الذكاء الاصطناعي", "ai-law"),
    ("إضراب الموانئ", "dockers"),
    ("بركان آيسلندا", "volcano"),
    ("التنس", "tennis"),
    ("الملاريا", "malaria"),
    ("الإيجارات برلين", "rents"),
    ("الشعاب المرجانية", "coral"),
    ("الشعلة الأولمبية", "torch"),
    ("الكوليرا اليمن", "cholera"),
    ("الليرة", "lira"),
    ("آثار منهوبة", "antiquities"),
    ('"قطار سريع"', "railway"),
    ("موجة حر", "heatwave"),
    ("الإفراج عن صحفي", "journalist"),
    ("الطاقة الشمسية", "solar"),
]


def load_corpus() -> dict[tuple[str, str], object]:
    """Create the judged articles; return them by (language, key). Targets are older than
    distractors, so a distractor can only win on recency, never on relevance."""
    now = timezone.now()
    made = {}
    for language, articles in (("en", ENGLISH), ("ar", ARABIC)):
        for n, (key, (headline, body)) in enumerate(articles.items()):
            age = timedelta(hours=1) if key.startswith("x-") else timedelta(hours=2, minutes=n)
            made[language, key] = make_article(
                headline, language=language, body=f"<p>{body}</p>", published_at=now - age
            )
    return made
