/// Words that never name a topic: the project's English stop words (YAKE's list) and, for
/// feedback written in other languages, the commonest function words of French, German, Spanish,
/// Portuguese, Italian and Polish — articles, pronouns, prepositions, conjunctions and auxiliaries —
/// compiled for TaskFlow (CC0, like the English list). Words that are also English content words or
/// product names (plus, hat, war, son, sin) are left out.
enum TopicStopwords {
    static func contains(_ word: String) -> Bool {
        YAKEStopwords.english.contains(word) || others.contains(word)
    }

    static let others: Set<String> = Set(
        """
        le la les un une des du de au aux et ou mais donc car ni que qui quoi dont où ce cet cette ces \
        je tu il elle on nous vous ils elles me te se lui leur leurs mon ma mes ton ta tes sa ses \
        notre nos votre vos en dans sur sous avec sans pour par pas ne est sont être avoir ai as \
        a avons avez ont était été fait très tout tous toute toutes c'est n'est j'ai qu'il d'un d'une \
        der die das den dem des ein eine einer eines einem einen und oder aber nicht ist sind \
        waren sein haben habe hatte ich du er sie es wir ihr mich mir dich dir sich uns euch \
        mein meine dein deine sein seine ihre unser euer mit von zu zum zur bei nach aus für auf \
        an am im in über unter vor wie was wer wo auch noch schon nur sehr so dass als wenn dann \
        el los las una unos unas del al y o pero no es son está están ser estar fue era yo tú él \
        ella nosotros ellos ellas mi mis tu tus su sus nuestro con por para en sobre muy más \
        lo le les se que como cuando porque ya también este esta estos estas ese esa eso hay \
        os um uma uns umas do da dos das no na nos nas ao aos e ou mas não é são está eu ele ela \
        eles elas meu minha seu sua com sem por para em muito mais que como quando também isso \
        il lo gli i una uno di del della dei delle al alla ai che chi non è sono ho hai ha con per \
        su tra fra molto più anche questo questa quello ab ale nie jest się na to że ze jak
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
